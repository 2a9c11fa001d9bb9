/**
 * The LLM fixtures (test/llm/fixtures/*.sse, raw SSE bodies written from each provider's API
 * reference) read through the project's own EventStreamReader into the records a connection
 * produces, with receive times the test chooses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStreamReader } from '../../../src/core/eventStreamReader';
import type { EventRecord, StreamRecord } from '../../../src/shared/records';

/** test/llm/fixtures (tests run from the repository root; the bundled test files live in out/). */
export const FIXTURES = join(process.cwd(), 'test', 'llm', 'fixtures');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, `${name}.sse`), 'utf8');
}

/** The fixture's events as records: seq from 2 (1 is the `connecting` record), one every `gapMs`. */
export function fixtureEvents(name: string, start = 1_000_000, gapMs = 10): EventRecord[] {
  const events: EventRecord[] = [];
  let lastEventId = '';
  const reader = new EventStreamReader({
    onEvent(type, data, id, size, truncated) {
      const seq = events.length + 2;
      events.push({ kind: 'event', seq, time: start + 100 + (seq - 2) * gapMs, type, data, lastEventId, size, ...(id !== undefined ? { id } : {}), ...(truncated ? { truncated } : {}) });
    },
    onId(id) {
      lastEventId = id;
    },
    onComment() {},
    onRetry() {},
  });
  reader.write(Buffer.from(fixtureText(name)));
  reader.reset();
  return events;
}

/** A whole connection: `connecting` at `start`, the events, then the server ending the stream. */
export function fixtureSession(name: string, start = 1_000_000, gapMs = 10): StreamRecord[] {
  const events = fixtureEvents(name, start, gapMs);
  const last = events[events.length - 1];
  return [
    { kind: 'connecting', seq: 1, time: start, url: 'http://127.0.0.1/x', method: 'POST', requestHeaders: {}, attempt: 0 },
    ...events,
    { kind: 'closed', seq: last.seq + 1, time: last.time + 5, reason: 'ended', message: 'The server ended the stream' },
  ];
}
