import type { RecordLog } from '../../../src/panel/recordLog';
import { createRecordMatcher } from '../../../src/shared/filter';
import type { ViewFilter } from '../../../src/shared/protocol';
import type { StreamRecord } from '../../../src/shared/records';

/** The oracle of the filtered view: the log positions a full scan finds, oldest first. */
export function filteredPositions(log: RecordLog, filter: ViewFilter): number[] {
  const matches = createRecordMatcher(filter);
  const out: number[] = [];
  for (let pos = log.firstPos; pos < log.endPos; pos++) if (matches(log.atPos(pos) as StreamRecord)) out.push(pos);
  return out;
}
