/**
 * Text formatting for the table and header. Pure functions: no DOM, unit-tested in Node.
 */

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Wall-clock time of day in the viewer's local zone: `HH:MM:SS.mmm`. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * Seconds since a reference as `+s.mmm` (e.g. `+12.034`); minutes are not split out so the
 * column sorts and compares by eye. Negative values (clock skew, records before the start)
 * keep their sign.
 */
export function formatRelative(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.round(Math.abs(ms));
  return `${sign}${Math.floor(abs / 1000)}.${pad(abs % 1000, 3)}`;
}

/** Time between two records, compact: `0 ms`, `850 ms`, `1.25 s`, `2m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  const totalSeconds = Math.floor(abs / 1000);
  if (abs < 3_600_000) return `${sign}${Math.floor(totalSeconds / 60)}m ${pad(totalSeconds % 60, 2)}s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  return `${sign}${Math.floor(totalMinutes / 60)}h ${pad(totalMinutes % 60, 2)}m`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Byte counts for people, powers of 1024: `512 B`, `1.5 KB`, `12.3 MB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} B`;
  return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${UNITS[unit]}`;
}

/** Integer with comma grouping for counters: `12,345`. (toLocaleString is far slower, and this runs per frame.) */
export function formatCount(n: number): string {
  const digits = String(Math.round(Math.abs(n)));
  let out = '';
  for (let i = digits.length; i > 0; i -= 3) out = (i > 3 ? ',' : '') + digits.slice(Math.max(0, i - 3), i) + out;
  return n < 0 && Math.round(n) !== 0 ? `-${out}` : out;
}

/** Longest preview the table keeps for a cell: the cell ellipses long before this. */
export const PREVIEW_CHARS = 300;

/**
 * The first line of `text`, cut to `max` characters. `more` tells whether anything was left
 * out (more lines or characters), so the cell can show that there is more.
 */
export function firstLine(text: string, max = PREVIEW_CHARS): { text: string; more: boolean } {
  // Scan only as far as needed: data can be megabytes long.
  const limit = Math.min(text.length, max);
  let end = limit;
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      end = i;
      break;
    }
  }
  return { text: text.slice(0, end), more: end < text.length };
}
