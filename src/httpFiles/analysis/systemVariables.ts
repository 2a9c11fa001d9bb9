/**
 * REST Client's system variables (`{{$guid}}`, `{{$timestamp}}`, `{{$randomInt 1 10}}`,
 * `{{$datetime iso8601}}`, `{{$processEnv NAME}}`, `{{$dotenv NAME}}`), plus the JetBrains
 * spellings `$uuid`, `$random.uuid` and `$isoTimestamp`. Clock, randomness, the process
 * environment and the .env file are passed in, so tests decide them.
 */
import { randomUUID } from 'node:crypto';

export type Lookup = { ok: true; value: string } | { ok: false; message: string };

/** What `{{$…}}` variables read from the outside world. */
export interface SystemVariables {
  processEnv(name: string): string | undefined;
  /** A value of the .env file next to the .http file (see ./dotenvFiles.ts). */
  dotenv(name: string): Lookup;
  /** `$guid`, `$timestamp`, `$randomInt`, `$datetime`, … with their arguments. */
  dynamic(variable: string, args: readonly string[]): Lookup;
}

export interface SystemSources {
  env: Readonly<Record<string, string | undefined>>;
  dotenv(name: string): Lookup;
  /** Epoch milliseconds. */
  now?: () => number;
  /** In [0, 1). */
  random?: () => number;
  uuid?: () => string;
}

const KNOWN = '$guid, $timestamp, $randomInt, $datetime, $processEnv and $dotenv';
const UNITS: Record<string, number> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

export function systemVariables(sources: SystemSources): SystemVariables {
  const now = sources.now ?? Date.now;
  const random = sources.random ?? Math.random;
  const uuid = sources.uuid ?? randomUUID;
  return {
    processEnv: (name) => sources.env[name],
    dotenv: (name) => sources.dotenv(name),
    dynamic(variable, args) {
      switch (variable) {
        case '$guid':
        case '$uuid':
        case '$random.uuid':
          return { ok: true, value: uuid() };
        case '$timestamp': {
          const at = offsetTime(now(), args);
          return at.ok ? { ok: true, value: String(Math.floor(at.ms / 1000)) } : at;
        }
        case '$isoTimestamp':
          return { ok: true, value: new Date(now()).toISOString() };
        case '$datetime': {
          const [format, ...offset] = args;
          if (format !== 'iso8601' && format !== 'rfc1123') {
            return { ok: false, message: 'SSE Inspector formats $datetime as iso8601 or rfc1123 only, e.g. {{$datetime iso8601}}.' };
          }
          const at = offsetTime(now(), offset);
          if (!at.ok) return at;
          const date = new Date(at.ms);
          return { ok: true, value: format === 'iso8601' ? date.toISOString() : date.toUTCString() };
        }
        case '$randomInt': {
          // JetBrains' {{$randomInt}} without bounds is 0 to 1000; REST Client wants min (included) and max (excluded).
          const [min, max] = args.length === 0 ? [0, 1000] : args.map(Number);
          if (args.length !== 2 && args.length !== 0) return { ok: false, message: 'write it as {{$randomInt min max}}.' };
          if (!Number.isInteger(min) || !Number.isInteger(max) || min >= max) {
            return { ok: false, message: 'min and max must be integers with min < max, e.g. {{$randomInt 1 100}}.' };
          }
          return { ok: true, value: String(Math.floor(random() * (max - min)) + min) };
        }
        default:
          return { ok: false, message: `SSE Inspector does not know this system variable (it knows ${KNOWN}).` };
      }
    },
  };
}

/** REST Client's offsets: `{{$timestamp -3 h}}`, `{{$datetime iso8601 1 y}}`. */
function offsetTime(ms: number, args: readonly string[]): { ok: true; ms: number } | { ok: false; message: string } {
  if (args.length === 0) return { ok: true, ms };
  const [amountText, unit] = args;
  const amount = Number(amountText);
  if (args.length !== 2 || !Number.isInteger(amount)) {
    return { ok: false, message: 'an offset is a whole number and a unit (y, M, w, d, h, m, s, ms), e.g. -3 h.' };
  }
  if (unit in UNITS) return { ok: true, ms: ms + amount * UNITS[unit] };
  if (unit === 'y' || unit === 'M' || unit === 'Q') {
    const date = new Date(ms);
    date.setUTCMonth(date.getUTCMonth() + amount * (unit === 'y' ? 12 : unit === 'Q' ? 3 : 1));
    return { ok: true, ms: date.getTime() };
  }
  return { ok: false, message: `"${unit}" is not an offset unit (y, M, w, d, h, m, s, ms).` };
}
