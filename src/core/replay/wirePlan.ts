/**
 * A recording as what to put on the wire and when: one step per event, comment and retry
 * record, with its bytes and the recorded gap before it. Pure: the player adds the clock, the
 * faults and the socket.
 *
 * Timing: each step waits the time between its record and the one before it, where "before" is
 * the previous served record or an `open` record, whichever came later. So the first record
 * waits its recorded time after `open`, and a reconnect in the recording (error, connecting,
 * open) costs nothing: the served stream is the sessions back to back.
 */
import type { StreamRecord } from '../../shared/records';
import type { LineEnding } from './faults';

/** One block to send. */
export interface WireStep {
  kind: 'event' | 'comment' | 'retry';
  /** Milliseconds to wait before sending, as recorded (the player scales by speed). */
  gapMs: number;
  /** The block with LF line endings, blank line included. */
  text: string;
  /** For events: the id a client remembers after it (its Last-Event-ID), for resuming. */
  lastEventId?: string;
}

/** A recording ready to serve. */
export interface WirePlan {
  steps: WireStep[];
  /** How many steps are events. */
  eventCount: number;
  /** The gap before the first event: what `--loop` waits between rounds. */
  firstEventGapMs: number;
  /** Things worth telling the user (e.g. events cut at a size limit are served cut). */
  notes: string[];
}

/** Splits data the way the parser joined it: one `data:` line per line. */
function dataLines(data: string): string {
  // A hand-made recording may hold CR; the parser never produces it, and on the wire it ends a line.
  return data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
}

/** The wire plan of `records`; records of other kinds only move the timing anchor. */
export function planWire(records: readonly StreamRecord[]): WirePlan {
  const steps: WireStep[] = [];
  let anchor: number | undefined;
  let lastEventId = '';
  let truncated = 0;
  for (const record of records) {
    if (record.kind === 'open') {
      anchor = anchor === undefined ? record.time : Math.max(anchor, record.time);
      continue;
    }
    if (record.kind !== 'event' && record.kind !== 'comment' && record.kind !== 'retry') continue;
    // Without an `open` (a hand-made or trimmed recording), the first record is sent at once.
    const gapMs = anchor === undefined ? 0 : Math.max(0, record.time - anchor);
    anchor = record.time;
    if (record.kind === 'comment') {
      steps.push({ kind: 'comment', gapMs, text: `:${record.text === '' ? '' : ` ${record.text}`}\n\n` });
    } else if (record.kind === 'retry') {
      steps.push({ kind: 'retry', gapMs, text: `retry: ${Math.max(0, Math.floor(record.retry))}\n\n` });
    } else {
      let text = record.type === 'message' ? '' : `event: ${record.type}\n`;
      // `id` is the block's own field; older recordings only have lastEventId, whose change shows it.
      const id = record.id ?? (record.lastEventId !== lastEventId ? record.lastEventId : undefined);
      if (id !== undefined) text += `id: ${id}\n`;
      lastEventId = id ?? lastEventId;
      text += `${dataLines(record.data)}\n`;
      if (record.truncated) truncated++;
      steps.push({ kind: 'event', gapMs, text, lastEventId });
    }
  }
  const eventCount = steps.filter((s) => s.kind === 'event').length;
  const firstEvent = steps.find((s) => s.kind === 'event');
  const notes = truncated > 0 ? [`${truncated} event(s) were cut at the recorder's size limit and are served cut.`] : [];
  return { steps, eventCount, firstEventGapMs: firstEvent ? steps.slice(0, steps.indexOf(firstEvent) + 1).reduce((t, s) => t + s.gapMs, 0) : 0, notes };
}

/** The index of the step to start at for a request with this Last-Event-ID header. */
export function resumeIndex(plan: WirePlan, lastEventId: string | undefined): number {
  if (lastEventId === undefined) return 0;
  const at = plan.steps.findIndex((s) => s.kind === 'event' && s.lastEventId === lastEventId);
  // As a well-behaved server: after the first event with that id; an id it never sent: from the start.
  return at < 0 ? 0 : at + 1;
}

/** The block's text with the line endings asked for, as UTF-8 bytes. */
export function encodeStep(text: string, endings: LineEnding = 'lf'): Buffer {
  return Buffer.from(endings === 'lf' ? text : text.replace(/\n/g, endings === 'crlf' ? '\r\n' : '\r'), 'utf8');
}
