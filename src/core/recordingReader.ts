/**
 * Reads a recording file of any size as a stream: NDJSON line by line, or a JSON array entry by
 * entry, never the whole file as one string (a file near 512 MB cannot become one JavaScript
 * string). Only the newest `keep` records are held, so memory follows what is kept, not the file;
 * the older ones are counted as skipped. Bad lines are counted and the first few described.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseRecordLine } from './ndjson';
import type { AnnotationRecord, CaptureRecord, StreamRecord } from '../shared/records';
import { AnnotationWindow } from './diagnostics/annotationWindow';
import { JsonArrayEntries } from './jsonArrayEntries';

/** How many bad lines are described by number; the rest are only counted. */
const DESCRIBED_PROBLEMS = 20;

export interface RecordingReadOptions {
  /** The newest this many records are kept; older ones are counted in `skipped`. */
  keep: number;
  /** Called as the file is read (at most a few times per second is up to the caller). */
  onProgress?(bytesRead: number, totalBytes: number): void;
  /** Stops reading: the result then holds what was read so far, with `cancelled`. */
  signal?: AbortSignal;
}

export interface RecordingReadResult {
  /** The newest `keep` valid records, in file order. */
  records: StreamRecord[];
  /** Valid records in the file (read so far, when cancelled). */
  total: number;
  /** Older valid records not kept because of `keep`. */
  skipped: number;
  /** Lines (or array entries) that are not records. */
  problemCount: number;
  /** The first few problems, "line 3: …" / "entry 3: …". */
  problems: string[];
  cancelled: boolean;
  /** A capture file's capture records (one per proxied request), the newest `keep`. */
  captures: CaptureRecord[];
  /** Diagnostic and chunk records in the file (the newest, bounded: see AnnotationWindow). */
  annotations: AnnotationRecord[];
}

/** A fixed-size window over the newest records. */
class NewestRecords {
  private readonly ring: StreamRecord[] = [];
  private next = 0;
  total = 0;

  constructor(private readonly capacity: number) {}

  push(record: StreamRecord): void {
    this.total++;
    if (this.ring.length < this.capacity) {
      this.ring.push(record);
      return;
    }
    this.ring[this.next] = record;
    this.next = (this.next + 1) % this.capacity;
  }

  inOrder(): StreamRecord[] {
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}

export async function readRecordingFile(path: string, options: RecordingReadOptions): Promise<RecordingReadResult> {
  const keep = Math.max(1, Math.floor(options.keep));
  const totalBytes = (await stat(path)).size;
  const newest = new NewestRecords(keep);
  const problems: string[] = [];
  const captures: CaptureRecord[] = [];
  let problemCount = 0;
  const annotations = new AnnotationWindow();
  const take = (text: string, where: string) => {
    const result = parseRecordLine(text);
    // A merged record (an LLM answer) is derived from the events: the panel merges them again.
    if (result === undefined || 'merged' in result) return;
    if ('record' in result) {
      newest.push(result.record);
      return;
    }
    if ('capture' in result) {
      if (captures.push(result.capture) > keep) captures.shift();
      return;
    }
    if ('annotation' in result) {
      annotations.push(result.annotation);
      return;
    }
    problemCount++;
    if (problems.length < DESCRIBED_PROBLEMS) problems.push(`${where}: ${result.problem}`);
  };

  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const decoder = new TextDecoder('utf-8');
  let format: 'ndjson' | 'json' | undefined;
  let pending = '';
  let lineNumber = 0;
  const entries = new JsonArrayEntries();
  let entryNumber = 0;
  let bytesRead = 0;
  let cancelled = false;

  const consume = (text: string, final: boolean) => {
    if (format === undefined) {
      const start = (pending + text).replace(/^\uFEFF/, '').trimStart();
      if (start === '' && !final) {
        pending += text;
        return;
      }
      format = start.startsWith('[') ? 'json' : 'ndjson';
      text = pending + text;
      pending = '';
    }
    if (format === 'json') {
      for (const entry of entries.push(text)) take(entry, `entry ${++entryNumber}`);
      if (final && entries.unfinished) {
        problemCount++;
        problems.push(`entry ${entryNumber + 1}: the file ends inside it`);
      }
      return;
    }
    const lines = (pending + text).split('\n');
    pending = final ? '' : (lines.pop() ?? '');
    for (const line of lines) {
      lineNumber++;
      take(lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line, `line ${lineNumber}`);
    }
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (options.signal?.aborted) {
        cancelled = true;
        break;
      }
      bytesRead += chunk.length;
      consume(decoder.decode(chunk, { stream: true }), false);
      options.onProgress?.(bytesRead, totalBytes);
    }
    if (!cancelled) consume(decoder.decode(), true);
  } finally {
    stream.destroy();
  }
  return { records: newest.inOrder(), total: newest.total, skipped: newest.total - Math.min(newest.total, keep), problemCount, problems, cancelled, captures, annotations: annotations.toArray() };
}
