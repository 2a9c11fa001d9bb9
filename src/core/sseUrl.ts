/**
 * Checks what a person typed as a stream URL before anything connects, so the message can say
 * exactly what is wrong ("only http and https") instead of a network error later.
 */
export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

export function checkStreamUrl(input: string): UrlCheck {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Enter the URL of an SSE endpoint, e.g. http://localhost:3000/events' };
  let parsed: URL;
  try {
    // A bare host:port/path is what people paste from a terminal: assume http for it.
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return { ok: false, message: `"${text}" is not a valid URL. Example: http://localhost:3000/events` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, message: `Only http and https URLs can be inspected (got ${parsed.protocol.replace(/:$/, '')}).` };
  }
  if (parsed.hostname === '') return { ok: false, message: `"${text}" has no host name.` };
  if (parsed.username !== '' || parsed.password !== '') {
    // fetch refuses such URLs, and the password would show in recent URLs, records and exports.
    return {
      ok: false,
      message: 'Remove the user name and password from the URL: send them as an Authorization header instead (Request with method, headers or body…), where they are kept secret.',
    };
  }
  return { ok: true, url: parsed.href };
}
