/** Short labels for the records a chunk links to: only those that came from its bytes. */
import type { StreamRecord } from '../../shared/records';

export function describeForWire(record: StreamRecord | undefined): string | undefined {
  switch (record?.kind) {
    case 'event':
      return record.type;
    case 'comment':
      return 'comment';
    case 'retry':
      return `retry ${record.retry}`;
    default:
      return undefined;
  }
}
