/**
 * The one rule for which HTTP headers carry credentials, and the one way they are masked. The
 * client masks the records it emits with it; the CLI, the panel (also for recordings read from
 * a file) and exports call it again on what they show or write, so a value never leaks through
 * a path that forgot. Masking is idempotent: a masked value stays the mask.
 */
import type { StreamRecord } from '../shared/records';

/** What a masked secret looks like wherever it is shown or written. */
export const SECRET_MASK = '••••••';

/** Names that carry credentials whatever they are called around them. */
const SECRET_NAMES = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key', 'apikey', 'x-auth-token']);

/** A name that says what it holds: `...token`, `...secret`, `...key`, `...password`. */
const SECRET_WORDS = /token|secret|key|passw(or)?d/;

/** True for a header that carries credentials by name or by convention, in any case. */
export function isSecretHeaderName(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return SECRET_NAMES.has(lower) || SECRET_WORDS.test(lower);
}

/**
 * Decides per header name: secret by the rule above, or because the caller declared it (a
 * profile's `secretHeaders`, the CLI's `--secret-header`). Build once, ask per header.
 */
export function secretHeaderTest(declared: readonly string[] = []): (name: string) => boolean {
  const marked = new Set(declared.map((name) => name.trim().toLowerCase()));
  if (marked.size === 0) return isSecretHeaderName;
  return (name) => marked.has(name.trim().toLowerCase()) || isSecretHeaderName(name);
}

/** Headers as they may be shown or written: secret values replaced by the mask, order kept. */
export function maskHeaders(headers: Readonly<Record<string, string>>, declared: readonly string[] = []): Record<string, string> {
  const isSecret = secretHeaderTest(declared);
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) shown[name] = isSecret(name) ? SECRET_MASK : value;
  return shown;
}

/** Splits headers into what may be written to settings and what goes to SecretStorage. */
export function splitSecretHeaders(
  headers: Readonly<Record<string, string>>,
  declared: readonly string[] = [],
): { plain: Record<string, string>; secrets: Record<string, string> } {
  const isSecret = secretHeaderTest(declared);
  const plain: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (isSecret(name)) secrets[name] = value;
    else plain[name] = value;
  }
  return { plain, secrets };
}

/** No declared secret headers: one shared array, as a default parameter `[]` is a new one per call. */
const NO_DECLARED: readonly string[] = Object.freeze([]);

/**
 * The record with the headers it carries (request headers of `connecting`, response headers of
 * `open` and `error`) masked. Returns the same object when nothing needed masking, so the hot
 * path (events) costs one comparison and allocates nothing.
 */
export function maskRecordSecrets<R extends StreamRecord>(record: R, declared: readonly string[] = NO_DECLARED): R {
  let headers: Record<string, string> | undefined;
  let field: 'requestHeaders' | 'headers';
  if (record.kind === 'connecting') {
    headers = record.requestHeaders;
    field = 'requestHeaders';
  } else if (record.kind === 'open' || record.kind === 'error') {
    headers = record.headers;
    field = 'headers';
  } else {
    return record;
  }
  if (headers === undefined || typeof headers !== 'object') return record;
  const isSecret = secretHeaderTest(declared);
  const leaks = Object.entries(headers).some(([name, value]) => isSecret(name) && value !== SECRET_MASK);
  if (!leaks) return record;
  return { ...record, [field]: maskHeaders(headers, declared) };
}
