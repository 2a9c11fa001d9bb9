/**
 * Which proxy a request goes through, by the rules VS Code users expect: the `http.proxy`
 * setting, else the usual environment variables; never for loopback hosts or for hosts listed
 * in `http.noProxy` / NO_PROXY (exact host, a domain and its subdomains, or `*`).
 */

export interface ProxySources {
  /** VS Code's `http.proxy` setting (empty: not set). */
  configured: string;
  /** VS Code's `http.noProxy` setting. */
  noProxy: readonly string[];
  /** The process environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY and lower-case forms). */
  env: Record<string, string | undefined>;
}

export function chooseProxy(url: string, sources: ProxySources): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  // A local dev server is on this machine: a proxy could not reach it (or would see it as its own).
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return undefined;
  const envNoProxy = (sources.env.NO_PROXY ?? sources.env.no_proxy ?? '').split(',');
  const bypass = [...sources.noProxy, ...envNoProxy]
    .map((entry) => entry.trim().toLowerCase().replace(/^\*?\./, ''))
    .filter((entry) => entry !== '');
  if (bypass.some((entry) => entry === '*' || host === entry || host.endsWith(`.${entry}`))) return undefined;
  const configured = sources.configured.trim();
  if (configured) return configured;
  const env = sources.env;
  const fromEnv =
    parsed.protocol === 'https:'
      ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy)
      : (env.HTTP_PROXY ?? env.http_proxy);
  return fromEnv?.trim() || undefined;
}
