/**
 * The faults the replay server injects on request: each one a way real streams break clients,
 * and each legal or realistic per the spec. The same names serve as CLI flags (`--drop-after 3`)
 * and as query parameters of one request (`?drop-after=3`), so one server serves both the clean
 * stream and its broken variants; this file is the one parser for both spellings.
 */

/** How lines end on the wire. The spec accepts all three. */
export type LineEnding = 'lf' | 'crlf' | 'cr';

/** Faults for one response. Every field is optional: no field, no fault. */
export interface Faults {
  /** After this many events, write the first half of the next one's bytes and destroy the socket. */
  dropAfter?: number;
  /** Split every write into pieces of this many bytes (or random sizes), each sent alone. */
  chunkBytes?: number | 'random';
  lineEndings?: LineEnding;
  /** Start the body with a UTF-8 byte order mark (which a client must strip). */
  bom?: boolean;
  /** After this many events, send nothing for `seconds`, then go on. */
  stallAfter?: { events: number; seconds: number };
  /** The first `count` requests (OPTIONS aside) get `status` and an HTML body instead of the stream. */
  failFirst?: { count: number; status: number };
  /** Compress with gzip, flushed after every event so that nothing waits in the compressor. */
  gzip?: boolean;
}

/** The fault names, as flags without `--` and as query parameters. */
export const FAULT_NAMES = ['drop-after', 'chunk-bytes', 'line-endings', 'bom', 'stall-after', 'fail-first', 'gzip'] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/** Faults that are switches: a flag without a value, a query parameter `bom`, `bom=1` or `bom=0`. */
export const SWITCH_FAULTS: ReadonlySet<FaultName> = new Set<FaultName>(['bom', 'gzip']);

export function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}

/** Thrown for a fault value that cannot be used; the message says what to write instead. */
export class FaultError extends Error {}

function wholeNumber(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new FaultError(`${name} takes a whole number >= ${min}, not "${text}".`);
  }
  return n;
}

function switchValue(name: string, text: string): boolean {
  const value = text.trim().toLowerCase();
  if (value === '' || value === '1' || value === 'true' || value === 'yes' || value === 'on') return true;
  if (value === '0' || value === 'false' || value === 'no' || value === 'off') return false;
  throw new FaultError(`${name} is on or off (1 or 0), not "${text}".`);
}

/** Sets one fault on `faults` from its name and text value; throws FaultError when the value is wrong. */
export function applyFault(faults: Faults, name: FaultName, text: string): void {
  switch (name) {
    case 'drop-after':
      faults.dropAfter = wholeNumber(name, text, 0);
      return;
    case 'chunk-bytes':
      faults.chunkBytes = text.trim().toLowerCase() === 'random' ? 'random' : wholeNumber(`${name} (or "random")`, text, 1);
      return;
    case 'line-endings': {
      const value = text.trim().toLowerCase();
      if (value !== 'lf' && value !== 'crlf' && value !== 'cr') throw new FaultError(`line-endings is lf, crlf or cr, not "${text}".`);
      faults.lineEndings = value;
      return;
    }
    case 'bom':
      faults.bom = switchValue(name, text);
      return;
    case 'gzip':
      faults.gzip = switchValue(name, text);
      return;
    case 'stall-after': {
      const [events, seconds, extra] = text.split(':');
      const s = Number(seconds);
      if (extra !== undefined || seconds === undefined || seconds.trim() === '' || !Number.isFinite(s) || s < 0) {
        throw new FaultError(`stall-after is EVENTS:SECONDS (e.g. 3:10), not "${text}".`);
      }
      faults.stallAfter = { events: wholeNumber('stall-after EVENTS', events, 0), seconds: s };
      return;
    }
    case 'fail-first': {
      const [count, status, extra] = text.split(':');
      if (extra !== undefined || status === undefined) throw new FaultError(`fail-first is COUNT:STATUS (e.g. 2:503), not "${text}".`);
      const code = wholeNumber('fail-first STATUS', status, 200);
      if (code > 599) throw new FaultError(`fail-first STATUS is an HTTP status from 200 to 599, not "${status}".`);
      faults.failFirst = { count: wholeNumber('fail-first COUNT', count, 0), status: code };
      return;
    }
  }
}

/**
 * The faults a request asks for in its query string, over `base` (the server's own). Unknown
 * parameters are the client's business and left alone; a known one with a bad value throws.
 */
export function faultsFromQuery(base: Faults, query: URLSearchParams): Faults {
  const faults: Faults = { ...base };
  for (const [key, value] of query) {
    if (isFaultName(key)) applyFault(faults, key, value);
  }
  return faults;
}

/** True when some fault is set: the server mentions them in its banner. */
export function describeFaults(faults: Faults): string[] {
  const parts: string[] = [];
  if (faults.dropAfter !== undefined) parts.push(`drop-after ${faults.dropAfter}`);
  if (faults.chunkBytes !== undefined) parts.push(`chunk-bytes ${faults.chunkBytes}`);
  if (faults.lineEndings !== undefined && faults.lineEndings !== 'lf') parts.push(`line-endings ${faults.lineEndings}`);
  if (faults.bom) parts.push('bom');
  if (faults.stallAfter) parts.push(`stall-after ${faults.stallAfter.events}:${faults.stallAfter.seconds}`);
  if (faults.failFirst) parts.push(`fail-first ${faults.failFirst.count}:${faults.failFirst.status}`);
  if (faults.gzip) parts.push('gzip');
  return parts;
}
