/**
 * The one reading of a `Name: value` header line, as typed in the request input box, a
 * profile, or the CLI's `-H`: the name must be an RFC 9110 token and the value may not hold a
 * line break or NUL (that would smuggle a second header into the request).
 */

/** RFC 9110 token: what an HTTP method or a header name may be made of. */
export function isHttpToken(text: string): boolean {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(text);
}

export type HeaderLine = { ok: true; name: string; value: string } | { ok: false; message: string };

/**
 * Parses `Name: value`; surrounding white space of both is dropped. A failure message never
 * repeats the value: it may be a credential typed with a mistake in the name.
 */
export function parseHeaderLine(line: string): HeaderLine {
  const colon = line.indexOf(':');
  if (colon <= 0) return { ok: false, message: 'Write a header as "Name: value", e.g. "Authorization: Bearer abc".' };
  const name = line.slice(0, colon).trim();
  if (!isHttpToken(name)) return { ok: false, message: `"${name}" is not a valid header name.` };
  const value = line.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(value)) return { ok: false, message: 'A header value cannot contain line breaks.' };
  return { ok: true, name, value };
}
