/**
 * Node's raw and parsed header shapes as records show them, masked by the one rule of
 * core/secretHeaders.ts (Authorization, Cookie, Set-Cookie, x-api-key, api-key, and any header
 * whose name says token, secret or key), as every other record is.
 */
import { isSecretHeaderName, SECRET_MASK } from '../secretHeaders';

/**
 * Node's parsed headers (lowercase names; `set-cookie` an array) as records show them: one
 * string per name, several values joined with ", ", secrets replaced by the mask.
 */
export function maskHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    shown[name] = isSecretHeaderName(name) ? SECRET_MASK : Array.isArray(value) ? value.join(', ') : String(value);
  }
  return shown;
}

/** A flat `rawHeaders` list ([name, value, name, value, …]) as a masked record, names lowercased. */
export function maskRawHeaders(raw: readonly string[]): Record<string, string> {
  const shown: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const value = isSecretHeaderName(name) ? SECRET_MASK : raw[i + 1];
    shown[name] = name in shown && value !== SECRET_MASK ? `${shown[name]}, ${value}` : value;
  }
  return shown;
}
