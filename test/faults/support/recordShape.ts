/**
 * Records in a compact, exact form for comparison: everything a fault can get wrong (kind,
 * order, type, data, ids, sizes, cuts, codes, reasons), nothing that differs per run (times,
 * ports). Also checks that seq counts up by one, with no gap.
 */
import * as assert from 'node:assert/strict';
import { parseRecording } from '../../../src/core/ndjson';
import type { StreamRecord } from '../../../src/shared/records';

/** One record as a string, e.g. `event message "hi" id=1 last=1 size=2` or `error ECONNREFUSED retry`. */
export function shape(record: StreamRecord): string {
  switch (record.kind) {
    case 'event':
      return `event ${record.type} ${JSON.stringify(record.data)}${record.id !== undefined ? ` id=${record.id}` : ''} last=${record.lastEventId} size=${record.size}${record.truncated ? ' truncated' : ''}`;
    case 'comment':
      return `comment ${JSON.stringify(record.text)}`;
    case 'retry':
      return `retry ${record.retry}`;
    case 'connecting':
      return `connecting ${record.attempt}${record.lastEventId !== undefined ? ` last=${record.lastEventId}` : ''}`;
    case 'open':
      return `open ${record.status}${record.redirected ? ' redirected' : ''}`;
    case 'error':
      return `error ${record.code}${record.status !== undefined ? ` ${record.status}` : ''} ${record.willReconnect ? 'retry' : 'final'}`;
    case 'closed':
      return `closed ${record.reason}`;
  }
}

/** The shapes of NDJSON output, after checking every line is a record and seq has no gap. */
export function shapesOf(ndjsonLines: readonly string[]): { shapes: string[]; records: StreamRecord[]; diagnostics: string[] } {
  const { records, annotations, problems } = parseRecording(ndjsonLines.join('\n'));
  assert.deepEqual(problems, [], 'every line is a record');
  // The CLI's diagnostic lines (annotations, no seq of their own) are read apart from the records.
  assert.equal(records.length + annotations.length, ndjsonLines.filter((l) => l !== '').length, 'every line is a record');
  records.forEach((record, i) => assert.equal(record.seq, i + 1, `seq of record ${i}`));
  const diagnostics = annotations.flatMap((a) => (a.kind === 'diagnostic' ? [a.code] : []));
  return { shapes: records.map(shape), records, diagnostics };
}
