/** `sse-inspector record`: runs one SseClient and writes its records as NDJSON. */
import { formatRecordLine } from '../core/ndjson';
import type { CloseReason } from '../shared/records';
import { SseClient, type SseClientOptions } from '../core/sseClient';
import { LineWriter } from './lineWriter';
import { StreamWatch } from '../core/diagnostics/streamWatch';

export interface RecordRun {
  client: SseClientOptions;
  maxEvents?: number;
  timeoutMs?: number;
  output?: string;
  /** Write a chunk record for each chunk of the body (`--raw`). */
  raw?: boolean;
  /** Write diagnostic records (default true; `--no-diagnostics`). */
  diagnostics?: boolean;
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
  const client = new SseClient({
    ...run.client,
    observer: watch.idle ? undefined : watch,
    onRecord(rec) {
      writer.write(formatRecordLine(rec));
      watch.record(rec);
      if (rec.kind === 'error') lastError = rec;
      else if (rec.kind === 'event' && run.maxEvents !== undefined && ++events >= run.maxEvents) client.stop('max-events');
    },
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
  const code = EXIT_CODES[closed.reason];
  if (code === 1) {
    const hint = lastError?.hint ? ` (${lastError.hint})` : '';
    stderr(`sse-inspector: ${lastError?.message ?? closed.message}${hint}`);
  }
  return code;
}
