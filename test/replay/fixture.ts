/**
 * A recording with what breaks naive servers and clients: named and unnamed events, ids,
 * multi-line data, 2-, 3- and 4-byte UTF-8 characters, an empty data line, a comment and a
 * retry record; written to a temporary file and served by a real ReplayServer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatRecordLine } from '../../src/core/ndjson';
import { loadRecording } from '../../src/core/replay/loadRecording';
import { ReplayServer, type ReplayServerOptions } from '../../src/core/replay/replayServer';
import type { StreamRecord } from '../../src/shared/records';
import type { SeenEvent } from './clients';

/** The events of the fixture, as a client must see them. */
export const FIXTURE_EVENTS: SeenEvent[] = [
  { type: 'greet', id: '1', data: 'héllo wörld' },
  { type: 'message', id: '2', data: '{"n":2,"text":"naïve €"}' },
  { type: 'delta', id: '3', data: 'line one\nline two\n\nafter an empty line' },
  { type: 'delta', id: '4', data: '🙂 four bytes, 漢字 three' },
  { type: 'done', id: '5', data: '' },
];

export const FIXTURE_TYPES = ['greet', 'delta', 'done'];

/** The fixture's records, `gapMs` apart (first event `gapMs` after open). */
export function fixtureRecords(gapMs = 15): StreamRecord[] {
  const t0 = 1_700_000_000_000;
  const records: StreamRecord[] = [
    { seq: 1, time: t0, kind: 'connecting', url: 'http://live.invalid/events', method: 'GET', requestHeaders: {}, attempt: 0 },
    { seq: 2, time: t0 + 5, kind: 'open', url: 'http://live.invalid/events', status: 200, statusText: 'OK', headers: {}, redirected: false },
  ];
  let time = t0 + 5;
  for (const [i, e] of FIXTURE_EVENTS.entries()) {
    time += gapMs;
    records.push({ seq: records.length + 1, time, kind: 'event', type: e.type, data: e.data, lastEventId: e.id, id: e.id, size: Buffer.byteLength(e.data) });
    // After the first event: a short retry (so clients resume quickly after a drop) and a comment.
    if (i === 0) {
      records.push({ seq: records.length + 1, time, kind: 'retry', retry: 30 });
      records.push({ seq: records.length + 1, time: time + 1, kind: 'comment', text: 'keep-alive' });
    }
  }
  records.push({ seq: records.length + 1, time: time + 1, kind: 'closed', reason: 'ended', message: 'end of stream' });
  return records;
}

/** A replay server over a recording file, and its cleanup. */
export interface Served {
  server: ReplayServer;
  url: string;
  file: string;
  close(): Promise<void>;
}

/** Writes `records` to a temp file, loads it as the CLI does and serves it. */
export async function serveRecords(records: readonly StreamRecord[], options: Omit<ReplayServerOptions, 'routes'> = {}, route?: string): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'sse-replay-'));
  const file = join(dir, 'fixture.ndjson');
  writeFileSync(file, records.map(formatRecordLine).join(''));
  const loaded = await loadRecording(file);
  const server = await ReplayServer.start({ ...options, routes: [{ route, plan: loaded.plan, name: file }] });
  return {
    server,
    url: server.urls[0],
    file,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The query string that asks for one fault per request. */
export const FAULT_CASES: Array<{ name: string; query: string }> = [
  { name: 'chunk-bytes 1', query: 'chunk-bytes=1' },
  { name: 'chunk-bytes random', query: 'chunk-bytes=random' },
  { name: 'line-endings cr', query: 'line-endings=cr' },
  { name: 'line-endings crlf', query: 'line-endings=crlf' },
  { name: 'bom', query: 'bom=1' },
  { name: 'gzip', query: 'gzip=1' },
  { name: 'gzip + chunk-bytes 3 + cr + bom', query: 'gzip=1&chunk-bytes=3&line-endings=cr&bom=1' },
  { name: 'stall-after 2:0.3', query: 'stall-after=2:0.3' },
];
