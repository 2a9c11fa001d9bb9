/**
 * Copy-paste lines that point common setups at the capture proxy instead of the real server.
 * Pure (no `vscode`): the tree shows them, the tests read them.
 */

/** One hint: what it is for, and the text to paste. */
export interface SetupHint {
  label: string;
  text: string;
}

/**
 * Hints for a proxy at `address` (http://127.0.0.1:PORT) forwarding to `target`. Paths the
 * target already has are added by the proxy, so the app's own paths stay as they are.
 */
export function setupHints(address: string, target: string): SetupHint[] {
  const targetPath = safePath(target);
  // The OpenAI SDKs put /v1 in the base URL: add it unless the target already ends with it.
  const openAiBase = /\/v1\/?$/.test(targetPath) ? address : `${address}/v1`;
  return [
    { label: 'OpenAI SDK (.env)', text: `OPENAI_BASE_URL=${openAiBase}` },
    { label: 'Vite (vite.config.ts, server.proxy)', text: `'/api': { target: '${address}', changeOrigin: true, ws: true },` },
    { label: 'Next.js (next.config.js, rewrites)', text: `async rewrites() { return [{ source: '/api/:path*', destination: '${address}/api/:path*' }]; },` },
    { label: 'NestJS (HttpModule)', text: `HttpModule.register({ baseURL: '${address}' }),` },
  ];
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
