/**
 * Requests to the target: one keep-alive agent per proxy (so closing the proxy leaves no
 * socket behind), http or https by the target's scheme, certificates checked unless insecure.
 */
import * as http from 'node:http';
import * as https from 'node:https';

export interface Upstream {
  request(options: http.RequestOptions): http.ClientRequest;
  destroy(): void;
}

export function createUpstream(target: URL, insecureTls: boolean): Upstream {
  const secure = target.protocol === 'https:';
  const agentOptions = { keepAlive: true, scheduling: 'lifo' as const };
  const agent = secure ? new https.Agent({ ...agentOptions, rejectUnauthorized: !insecureTls }) : new http.Agent(agentOptions);
  const base = {
    protocol: target.protocol,
    // `hostname` of an IPv6 URL keeps its brackets; Node wants the bare address.
    hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: target.port || (secure ? 443 : 80),
    agent,
    // SNI for a name, none for an address (Node warns about an IP as servername).
    ...(secure && !/^[\d.]+$|:/.test(target.hostname) ? { servername: target.hostname } : {}),
  };
  return {
    request: (options) => (secure ? https : http).request({ ...base, ...options }),
    destroy: () => agent.destroy(),
  };
}

/** One line a person can read about a failed upstream request (the 502 body, the error record). */
export function describeUpstreamError(error: unknown, target: URL): { code: string; message: string } {
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'NETWORK';
  const where = target.host;
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return { code, message: `Upstream ${where} refused the connection: is the server running on that port?` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code, message: `Upstream host ${target.hostname} was not found (DNS): check the target URL.` };
    case 'ECONNRESET':
      return { code, message: `Upstream ${where} reset the connection before responding.` };
    case 'ETIMEDOUT':
      return { code, message: `Upstream ${where} did not answer in time.` };
    default:
      if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SELF_SIGNED|UNABLE_TO/.test(code)) {
        return { code, message: `TLS with ${where} failed: ${detail} (${code}); for a local server with a self-signed certificate use -k / insecure.` };
      }
      return { code, message: `Upstream ${where} failed: ${detail.replace(/[\r\n]+/g, ' ')}${code !== 'NETWORK' ? ` (${code})` : ''}` };
  }
}
