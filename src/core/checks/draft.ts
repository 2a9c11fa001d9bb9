/**
 * "Save as Check…": a check file that the stream a panel shows passes, as a starting point.
 * From the last connection's records: the status and Content-Type, the first-event time rounded
 * up with headroom, the event types in order with their counts, a JSON Schema inferred per type
 * when its data is JSON, and the id rule the ids meet.
 */
import { stringify } from 'yaml';
import type { ConnectingRecord, EventRecord, OpenRecord, StreamRecord } from '../../shared/records';
import { compareIds } from './ids';
import { inferSchema, type Schema } from './inferSchema';

/** More steps than this and the order is written as one step (a stream that alternates types). */
const MAX_STEPS = 30;

export interface DraftRequest {
  name: string;
  url?: string;
  profile?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Rounds up to 1, 2 or 5 times a power of ten, at least 100: 130 -> 200, 2300 -> 5000. */
export function roundUpNicely(ms: number): number {
  const target = Math.max(100, Math.ceil(ms));
  for (let scale = 100; ; scale *= 10) {
    for (const step of [1, 2, 5]) if (step * scale >= target) return step * scale;
  }
}

/**
 * The records of the last connection that had events: from its `connecting` record to the next
 * one (a panel that reconnects after the stream ended is waiting on an empty new connection).
 */
export function lastConnection(records: readonly StreamRecord[]): { connecting?: ConnectingRecord; records: StreamRecord[] } {
  let end = records.length;
  for (let i = records.length - 1; i >= 0; i--) {
    if (records[i].kind !== 'connecting') continue;
    const segment = records.slice(i, end);
    if (segment.some((r) => r.kind === 'event')) return { connecting: records[i] as ConnectingRecord, records: segment };
    end = i;
  }
  return { records: records.slice(0, end) };
}

/** The check as YAML text, or a reason there is nothing to save. */
export function draftCheck(request: DraftRequest, allRecords: readonly StreamRecord[]): { yaml: string } | { error: string } {
  const { connecting, records } = lastConnection(allRecords);
  const events = records.filter((r): r is EventRecord => r.kind === 'event');
  if (events.length === 0) return { error: 'The stream has no events yet: connect and let some arrive, then save it as a check.' };
  const open = records.find((r): r is OpenRecord => r.kind === 'open');
  const startedAt = connecting?.time ?? events[0].time;

  const expect: Record<string, unknown> = {};
  if (open) {
    expect.status = open.status;
    const contentType = Object.entries(open.headers).find(([n]) => n.toLowerCase() === 'content-type')?.[1];
    if (contentType) expect.contentType = contentType.split(';')[0].trim();
  }
  expect.firstEventWithinMs = roundUpNicely((events[0].time - startedAt) * 1.5);
  expect.events = steps(events);
  const ids = events.map((e) => e.id);
  if (ids.every((id) => id !== undefined)) {
    const list = ids as string[];
    if (list.every((id, i) => i === 0 || compareIds(id, list[i - 1]) > 0)) expect.ids = 'increasing';
    else if (new Set(list).size === list.length) expect.ids = 'unique';
  }

  const req: Record<string, unknown> = {};
  if (request.profile) req.profile = request.profile;
  else req.url = request.url;
  if (request.method && request.method.toUpperCase() !== 'GET') req.method = request.method.toUpperCase();
  if (request.headers && Object.keys(request.headers).length > 0) req.headers = request.headers;
  if (request.body !== undefined) req.body = request.body;
  if (connecting?.lastEventId) req.lastEventId = connecting.lastEventId;

  const duration = events[events.length - 1].time - startedAt;
  const check = {
    name: request.name,
    request: req,
    stop: { events: events.length, ms: Math.max(10_000, roundUpNicely(duration * 2)) },
    expect,
  };
  const header = '# Saved by SSE Inspector from a live stream: a starting point. Tighten or loosen it, then run it\n# from the Testing view or with `npx sse-inspector check <file>`.\n';
  return { yaml: header + stringify({ checks: [check] }, { lineWidth: 0 }) };
}

/** One step per run of one type, with its exact count and the schema of that type. */
function steps(events: readonly EventRecord[]): Record<string, unknown>[] {
  const schemas = new Map<string, Schema | undefined>();
  for (const type of new Set(events.map((e) => e.type))) schemas.set(type, schemaOf(events.filter((e) => e.type === type)));
  const runs: { type: string; count: number }[] = [];
  for (const event of events) {
    const last = runs[runs.length - 1];
    if (last && last.type === event.type) last.count++;
    else runs.push({ type: event.type, count: 1 });
  }
  if (runs.length > MAX_STEPS) return [{ count: events.length }];
  return runs.map((run) => {
    const schema = schemas.get(run.type);
    return { type: run.type, count: run.count, ...(schema ? { json: schema } : {}) };
  });
}

/** The schema of a type's data when all of it is JSON (objects or arrays: plain text stays unchecked). */
function schemaOf(events: readonly EventRecord[]): Schema | undefined {
  const values: unknown[] = [];
  for (const event of events) {
    if (event.truncated) return undefined;
    try {
      values.push(JSON.parse(event.data));
    } catch {
      return undefined;
    }
  }
  return values.every((v) => typeof v === 'object' && v !== null) ? inferSchema(values) : undefined;
}
