/**
 * UTF-8 byte arithmetic on JavaScript strings, for sizes and cuts that are measured in bytes
 * (what crossed the wire) rather than in UTF-16 code units (what JavaScript counts).
 */

/** Size of `text` encoded as UTF-8. A lone surrogate counts as U+FFFD (3 bytes), as the encoder writes it. */
export function utf8ByteLength(text: string): number {
  return text.length === 0 ? 0 : Buffer.byteLength(text, 'utf8');
}

/**
 * The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, never splitting a
 * character (a cut would otherwise leave a broken sequence that decodes to U+FFFD).
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  // Every UTF-16 unit encodes to at most 3 bytes: short strings need no encoding at all.
  if (text.length * 3 <= maxBytes) return text;
  // Only the first maxBytes / 1 units can matter: encode just that window, not the whole string.
  const window = text.length > maxBytes ? text.slice(0, maxBytes) : text;
  const bytes = Buffer.from(window, 'utf8');
  if (bytes.length <= maxBytes) return window;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the character that was cut.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', 0, end);
}

/**
 * Cuts `text` to at most `maxUnits` UTF-16 code units without separating a surrogate pair,
 * so that both halves of a cut count and decode as the same characters they were.
 */
export function cutUnits(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  let end = maxUnits;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}
