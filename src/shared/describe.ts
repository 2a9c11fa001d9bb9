/**
 * What the table shows for each kind of record: the badge, the id, the text of the preview
 * column (which is also what search looks at), and the size. Pure: unit-tested in Node.
 */
import type { StreamRecord } from './records';
import { formatDuration } from './format';

/** Badge colour families; each maps to a CSS class `badge-<tone>`. */
export type BadgeTone = 'event' | 'message' | 'comment' | 'retry' | 'connecting' | 'open' | 'error' | 'closed';

/** The columns of one row that depend on the record alone. */
export interface RowText {
  /** Text of the type badge: the event type, or the lifecycle kind. */
  badge: string;
  tone: BadgeTone;
  id: string;
  /** The full text the preview column shows the first line of. */
  text: string;
  /** UTF-8 bytes of data for events; undefined for rows without data. */
  size: number | undefined;
}

function joinParts(parts: Array<string | undefined | false>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' · ');
}

/** The one-line summary of a lifecycle or retry record, as a person would say it. */
export function lifecycleSummary(rec: Exclude<StreamRecord, { kind: 'event' } | { kind: 'comment' }>): string {
  switch (rec.kind) {
    case 'connecting':
      return joinParts([
        `${rec.method} ${rec.url}`,
        rec.attempt > 0 && `reconnect #${rec.attempt}`,
        rec.lastEventId !== undefined && `Last-Event-ID: ${rec.lastEventId}`,
      ]);
    case 'open':
      return joinParts([`${rec.status} ${rec.statusText}`.trim(), rec.url, rec.redirected && 'redirected']);
    case 'error':
      // A capture's gap in its records is not a connection failure: there is nothing to reconnect.
      if (rec.code === 'INSPECTOR_SKIPPED') return rec.message;
      return joinParts([
        rec.message,
        rec.willReconnect
          ? `reconnecting in ${formatDuration(rec.reconnectInMs ?? 0)}`
          : 'will not reconnect',
      ]);
    case 'closed':
      // "stopped · Stopped" says nothing twice: the message alone when it is the reason.
      return rec.message.toLowerCase() === rec.reason.toLowerCase() ? rec.message : joinParts([rec.reason, rec.message]);
    case 'retry':
      return `server asks to wait ${formatDuration(rec.retry)} (${rec.retry} ms) before reconnecting`;
  }
}

/** Describes any record for its row. */
export function describeRecord(rec: StreamRecord): RowText {
  switch (rec.kind) {
    case 'event':
      return {
        badge: rec.type,
        tone: rec.type === 'message' ? 'message' : 'event',
        id: rec.id ?? '',
        text: rec.data,
        size: rec.size,
      };
    case 'comment':
      return { badge: 'comment', tone: 'comment', id: '', text: rec.text, size: undefined };
    default:
      return { badge: rec.kind, tone: rec.kind, id: '', text: lifecycleSummary(rec), size: undefined };
  }
}
