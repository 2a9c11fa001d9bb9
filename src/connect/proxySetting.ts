import * as vscode from 'vscode';

/**
 * The proxy VS Code is set to use (`http.proxy`, else the usual environment variables), unless
 * the host is loopback or listed in `http.noProxy`: local dev servers are never proxied.
 */
export function proxyFor(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return undefined;
  }
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return undefined;
  const http = vscode.workspace.getConfiguration('http');
  const noProxy = [...http.get<string[]>('noProxy', []), ...(process.env.NO_PROXY ?? process.env.no_proxy ?? '').split(',')]
    .map((entry) => entry.trim().toLowerCase().replace(/^\*?\./, ''))
    .filter((entry) => entry !== '');
  if (noProxy.some((entry) => entry === '*' || host === entry || host.endsWith(`.${entry}`))) return undefined;
  const configured = http.get<string>('proxy', '').trim();
  if (configured) return configured;
  const isHttps = url.startsWith('https:');
  const fromEnv = isHttps
    ? (process.env.HTTPS_PROXY ?? process.env.https_proxy ?? process.env.HTTP_PROXY ?? process.env.http_proxy)
    : (process.env.HTTP_PROXY ?? process.env.http_proxy);
  return fromEnv?.trim() || undefined;
}
