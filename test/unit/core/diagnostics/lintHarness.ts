/**
 * Runs bytes through a real EventStreamReader with the diagnostics engine watching, the way the
 * client wires them (chunk to the observer first, then to the reader; the end of the stream
 * with the reader's pending block), and returns the diagnostics and the dispatched events.
 */
import { EventStreamReader, type StreamSink } from '../../../../src/core/eventStreamReader';
import { DiagnosticsEngine } from '../../../../src/core/diagnostics/engine';
import type { DiagnosticRecord, OpenRecord, StreamRecord } from '../../../../src/shared/records';

export const CLEAN_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

export interface LintResult {
  diagnostics: DiagnosticRecord[];
  records: StreamRecord[];
}

export function lint(chunks: readonly Uint8Array[], options: { headers?: Record<string, string>; clean?: boolean; times?: readonly number[] } = {}): LintResult {
  const diagnostics: DiagnosticRecord[] = [];
  const records: StreamRecord[] = [];
  const engine = new DiagnosticsEngine((d) => diagnostics.push(d));
  let seq = 0;
  let time = 1_000_000;
  const push = (record: StreamRecord) => {
    records.push(record);
    engine.record(record);
  };
  const sink: StreamSink = {
    onEvent: (type, data, id, size) => push({ kind: 'event', seq: ++seq, time, type, data, lastEventId: id ?? '', size }),
    onId: () => undefined,
    onComment: (text) => push({ kind: 'comment', seq: ++seq, time, text }),
    onRetry: (retry) => push({ kind: 'retry', seq: ++seq, time, retry }),
    onParseError: (problem) => engine.onParseError(problem),
  };
  const reader = new EventStreamReader(sink);
  const open: OpenRecord = { kind: 'open', seq: ++seq, time, url: 'http://127.0.0.1/', status: 200, statusText: 'OK', headers: options.headers ?? CLEAN_HEADERS, redirected: false };
  push(open);
  chunks.forEach((chunk, i) => {
    time = options.times?.[i] ?? time + 1;
    engine.onChunk(chunk, time);
    reader.write(chunk);
  });
  engine.onStreamEnd({ time, pendingData: reader.pendingData(), clean: options.clean ?? true });
  reader.reset();
  return { diagnostics, records };
}

export const codesOf = (result: LintResult): string[] => result.diagnostics.map((d) => d.code);
