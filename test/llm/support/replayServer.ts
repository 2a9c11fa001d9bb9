/**
 * A local server on 127.0.0.1 that answers every request with one fixture as text/event-stream,
 * for the providers' SDKs (pointed at it through their base-URL option) to read. It remembers the
 * paths it was asked for, so a test can see which endpoint an SDK called and how often.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixtureText } from './fixtures';

export interface ReplayServer {
  url: string;
  /** Request paths (with query) in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

export async function replay(fixture: string): Promise<ReplayServer> {
  const body = fixtureText(fixture);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      // Several writes, so that clients see the stream in pieces as a real one comes.
      const step = 97;
      for (let i = 0; i < body.length; i += step) res.write(body.slice(i, i + step));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
