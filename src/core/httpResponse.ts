/** Small, bounded reads of an HTTP response for records: headers as a plain object, a body preview. */

/** Bytes of a failed response's body kept for the error record. */
export const BODY_PREVIEW_BYTES = 4096;
/** A failed response that dribbles its body is not waited for longer than this. */
const BODY_PREVIEW_WAIT_MS = 1000;

/** Header names (lower case) to values; repeated headers are joined with ", " as fetch does. */
export function headersToRecord(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name] = value;
  });
  return result;
}

/**
 * The first `maxBytes` of the body as text, then the body is cancelled so the connection is let
 * go. Never waits more than a second: an error body that never ends must not hold the client.
 */
export async function readBodyPreview(body: ReadableStream<Uint8Array> | null, maxBytes = BODY_PREVIEW_BYTES): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), BODY_PREVIEW_WAIT_MS);
  });
  try {
    while (total < maxBytes) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === 'late' || next.done) break;
      chunks.push(next.value);
      total += next.value.length;
    }
  } catch {
    // A body that breaks off still leaves what was read: the preview is best effort.
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => undefined);
  }
  const bytes = Buffer.concat(chunks).subarray(0, maxBytes);
  // stream: true keeps a character cut at the limit from turning into U+FFFD.
  return new TextDecoder('utf-8').decode(bytes, { stream: true });
}
