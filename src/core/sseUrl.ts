/**
 * The one check of a stream URL, for what a person typed (Connect…, the request input box) and
 * for what a program passes (client options, the CLI, profiles), so both refuse the same URLs
 * with the same words, before anything connects.
 */
export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const EXAMPLE = 'http://localhost:3000/events';

/**
 * Checks a typed URL: surrounding white space is ignored and a bare `host:port/path` (what
 * people paste from a terminal) is taken as http.
 */
export function checkStreamUrl(input: string): UrlCheck {
  const text = input.trim();
  if (text === '') return { ok: false, message: `Enter the URL of an SSE endpoint, e.g. ${EXAMPLE}` };
  return checkUrl(text, HAS_SCHEME.test(text) ? text : `http://${text}`);
}

/** Checks a URL given by a program: exactly as written, no scheme assumed. */
export function checkExactStreamUrl(text: string): UrlCheck {
  return checkUrl(text, text);
}

function checkUrl(shown: string, text: string): UrlCheck {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return {
      ok: false,
      message: HAS_SCHEME.test(shown)
        ? `"${shown}" is not a valid URL. Example: ${EXAMPLE}`
        : `"${shown}" is not a URL: write it like ${EXAMPLE}.`,
    };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, message: `Only http and https URLs can be inspected (got ${parsed.protocol.replace(/:$/, '')}): an event stream is served over HTTP.` };
  }
  if (parsed.hostname === '') return { ok: false, message: `"${shown}" has no host name.` };
  if (parsed.username !== '' || parsed.password !== '') {
    // fetch refuses such URLs, and the password would show in recent URLs, records and exports.
    return {
      ok: false,
      message:
        'Remove the user name and password from the URL: send them as an Authorization header instead (-H in the CLI, "Request with method, headers or body…" in VS Code), where they are kept secret.',
    };
  }
  return { ok: true, url: parsed.href };
}
