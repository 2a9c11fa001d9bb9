/**
 * The panel's HTML, set once per webview load (updates travel by postMessage, never by
 * rebuilding this). Pure: no `vscode` import, so the Chromium tests of the webview alone load
 * the very same document with their own resource URIs.
 */

export interface PanelHtmlResources {
  /** `webview.cspSource`: the origin the webview may load its own files from. */
  cspSource: string;
  /** A fresh cryptographic nonce for this load (see `createNonce`). */
  nonce: string;
  /** URI of dist/webview.js as the webview must ask for it. */
  scriptUri: string;
  /** URIs of style sheets: codicons, then the panel's own. */
  styleUris: string[];
  /** Shown until the script takes over; also the document title. */
  title: string;
}

/** Escapes text for an HTML attribute or text node: only for our own values (URIs, titles). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderPanelHtml(r: PanelHtmlResources): string {
  // default-src 'none': nothing loads unless listed. Scripts only with this load's nonce, styles
  // and fonts only from our own files; no 'unsafe-inline' anywhere. The rate chart is a canvas,
  // so no image source is needed at all.
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${r.nonce}'`,
    `style-src ${r.cspSource}`,
    `font-src ${r.cspSource}`,
  ].join('; ');
  const styles = r.styleUris.map((uri) => `<link rel="stylesheet" href="${escapeHtml(uri)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeHtml(r.title)}</title>
  </head>
  <body>
    <div id="root" class="sse-root"><p class="sse-loading">Loading ${escapeHtml(r.title)}…</p></div>
    <script nonce="${r.nonce}" src="${escapeHtml(r.scriptUri)}"></script>
  </body>
</html>`;
}
