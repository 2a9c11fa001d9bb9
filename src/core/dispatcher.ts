/**
 * The undici dispatcher one client uses for all its requests. One per client, so stop() can
 * destroy it and no keep-alive socket outlives the session.
 */
import { Agent, ProxyAgent, type Dispatcher } from 'undici';

export interface DispatcherOptions {
  insecureTls: boolean;
  proxy: string | undefined;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  // undici's own timeouts would cut a quiet stream after 300 s; the client has its own
  // connectTimeoutMs and idleTimeoutMs instead, with messages that say what happened.
  const timeouts = { headersTimeout: 0, bodyTimeout: 0 };
  const tls = options.insecureTls ? { rejectUnauthorized: false } : undefined;
  if (options.proxy !== undefined) {
    return new ProxyAgent({ uri: options.proxy, ...timeouts, requestTls: tls, proxyTls: tls });
  }
  return new Agent({ ...timeouts, connect: tls });
}
