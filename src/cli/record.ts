/** `sse-inspector record`: runs one SseClient and writes its records as NDJSON. */
import { formatRecordLine } from '../core/ndjson';
import { maskRecordSecrets } from '../core/secretHeaders';
import type { CloseReason } from '../shared/records';
import { SseClient, type SseClientOptions } from '../core/sseClient';
import { LineWriter } from './lineWriter';
import { StreamWatch } from '../core/diagnostics/streamWatch';
import { SessionMerger } from '../core/llm/sessionMerger';
import type { MergeChoice } from './mergeOptions';

export interface RecordRun {
  client: SseClientOptions;
  maxEvents?: number;
  timeoutMs?: number;
  output?: string;
  /** Write a chunk record for each chunk of the body (`--raw`). */
  raw?: boolean;
  /** Write diagnostic records (default true; `--no-diagnostics`). */
  diagnostics?: boolean;
  /** How LLM streams are merged (a `merged` record per connection); auto-detection by default. */
  merge?: MergeChoice;
}

/** Exit status per way the session ended (see --help). */
const EXIT_CODES: Record<CloseReason, number> = {
  'max-events': 0,
  timeout: 0,
  ended: 0,
  'no-content': 0,
  stopped: 130,
  failed: 1,
  'max-attempts': 1,
};

/** Records until the session closes; resolves with the exit status. */
export async function record(run: RecordRun, stderr: (line: string) => void): Promise<number> {
  const writer = LineWriter.open(run.output);
  let events = 0;
  let lastError: { message: string; hint?: string } | undefined;
  const watch = new StreamWatch({
    diagnostics: run.diagnostics !== false,
    onDiagnostic: (d) => writer.write(formatRecordLine(d)),
    onChunk: run.raw ? (c) => writer.write(formatRecordLine(c)) : undefined,
  });
  const merger = run.merge === 'off' ? undefined : new SessionMerger(run.merge ?? {}, (merged) => writer.write(formatRecordLine(merged)));
  const client = new SseClient({
    ...run.client,
    observer: watch.idle ? undefined : watch,
    // An LLM answer that ended with its terminal event is over: reconnecting would ask again.
    endIsComplete: () => merger?.stream.finished ?? false,
    onRecord(rec) {
      // The client masks already; the output path does it too, so no later change can leak a secret.
      const line = formatRecordLine(maskRecordSecrets(rec, run.client.secretHeaders));
      // A connection's merged record goes before the record that ends it, after its last event.
      if (rec.kind !== 'event') merger?.push(rec);
      writer.write(line);
      if (rec.kind === 'event') merger?.push(rec);
      watch.record(rec);
      if (rec.kind === 'error') lastError = rec;
      else if (rec.kind === 'event' && run.maxEvents !== undefined && ++events >= run.maxEvents) client.stop('max-events');
    },
  });
  // The output decides the pace: stop reading the response while it cannot keep up.
  writer.setBackpressureListener({
    onBlocked: () => client.pause(),
    onDrained: () => client.resume(),
    onFailed: () => client.stop('stopped', 'The output was closed'),
  });
  const timer = run.timeoutMs !== undefined ? setTimeout(() => client.stop('timeout'), run.timeoutMs) : undefined;
  const interrupt = () => client.stop('stopped', 'Interrupted');
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  if (run.maxEvents === 0) client.stop('max-events');
  else client.start();

  const closed = await client.done;
  clearTimeout(timer);
  watch.dispose();
  process.removeListener('SIGINT', interrupt);
  process.removeListener('SIGTERM', interrupt);
  await writer.close();
  const outputError = writer.error as NodeJS.ErrnoException | undefined;
  if (outputError) {
    // The reader went away (`| head`): a normal way to stop, as for any Unix filter.
    if (outputError.code === 'EPIPE') return 0;
    stderr(`sse-inspector: cannot write the output: ${outputError.message}`);
    return 1;
  }
  const code = EXIT_CODES[closed.reason];
  if (code === 1) {
    const hint = lastError?.hint ? ` (${lastError.hint})` : '';
    stderr(`sse-inspector: ${lastError?.message ?? closed.message}${hint}`);
  }
  return code;
}
