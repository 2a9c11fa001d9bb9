/**
 * `sse-inspector proxy --target URL`: runs the capture proxy until Ctrl+C. The first line on
 * stdout is the address to point the app at (scripts wait for it); records follow, on stdout
 * or in the -o file, as they happen.
 */
import { CaptureProxy, CaptureStartError, isLoopbackHost } from '../core/capture/captureProxy';
import { bundledWorkerScript } from '../core/capture/inspectorThread';
import { closeSync, openSync } from 'node:fs';
import { LineWriter } from './lineWriter';
import { tokenizeArgs } from './argTokens';

export const PROXY_HELP = `sse-inspector proxy: forward an app's requests to a server and record its event streams

Usage:
  sse-inspector proxy --target URL [--listen 127.0.0.1:PORT] [-o capture.ndjson] [-k]

Point the app at the printed address instead of the server (a dev server's proxy target,
OPENAI_BASE_URL, an env var for a backend's upstream). Every request (any method, WebSocket
upgrades too) goes to the target and its response comes back unchanged, as it arrives.

Prints the address (http://127.0.0.1:PORT) as the first line on stdout once ready, then one
JSON record per line:
  capture   one per request, when its response starts: stream (1, 2, …), method, url (upstream),
            status, contentType, requestHeaders, headers (secret values masked)
  open, event, comment, retry, closed
            for each text/event-stream response, parsed as the client parses it, with "stream"
  error     a request that got no response (the client got a 502 saying why), with "stream"

Options:
      --target URL         the server to forward to (http or https; a path is a prefix)
      --listen HOST:PORT   where to listen (default 127.0.0.1:0, a free port); an address
                           other than loopback makes the proxy reachable from other machines
  -o, --output FILE        write the records to FILE instead of stdout
  -k, --insecure           do not check the target's TLS certificate (self-signed local servers)
      --max-event-bytes N  cut the data of larger events in the records (default 16777216)

Exit status: 130 when interrupted (Ctrl+C), with everything recorded so far written;
1 when the proxy cannot start (port in use, bad address); 2 for a usage error.

Example:
  npx sse-inspector proxy --target http://localhost:3000 --listen 127.0.0.1:8080 -o capture.ndjson
`;

/** What `proxy` was asked to do. */
export type ProxyCommand =
  | { kind: 'proxy'; target: string; host: string; port: number; output?: string; insecureTls: boolean; maxEventBytes?: number }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

/** Reads the arguments after `proxy`. */
export function parseProxyArgs(argv: readonly string[]): ProxyCommand {
  let target: string | undefined;
  let listen = '127.0.0.1:0';
  let output: string | undefined;
  let insecureTls = false;
  let maxEventBytes: number | undefined;
  const valueOptions = new Set(['--target', '--listen', '-o', '--output', '--max-event-bytes']);
  const tokens = tokenizeArgs(argv, (arg) => valueOptions.has(arg), 'see sse-inspector proxy --help');
  if (typeof tokens === 'string') return usage(tokens);
  for (const { arg, value } of tokens) {
    switch (arg) {
      case '-h':
      case '--help':
        return { kind: 'help' };
      case '--target':
        target = value!;
        break;
      case '--listen':
        listen = value!;
        break;
      case '-o':
      case '--output':
        output = value!;
        break;
      case '-k':
      case '--insecure':
        insecureTls = true;
        break;
      case '--max-event-bytes': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) return usage(`--max-event-bytes takes a whole number >= 1, not "${value}".`);
        maxEventBytes = n;
        break;
      }
      default:
        return usage(arg.startsWith('-') ? `Unknown option ${arg} (see sse-inspector proxy --help).` : `Unexpected "${arg}": give the server as --target ${arg}`);
    }
  }
  if (target === undefined) return usage('proxy needs --target: sse-inspector proxy --target http://localhost:3000');
  const address = parseListen(listen);
  if (typeof address === 'string') return usage(address);
  return { kind: 'proxy', target, ...address, output, insecureTls, maxEventBytes };
}

/** `HOST:PORT`, `[::1]:PORT` or a bare `PORT` (on 127.0.0.1), or why not. */
export function parseListen(text: string): { host: string; port: number } | string {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text.trim()) ?? /^()()(\d+)$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || !(port >= 0 && port <= 65535)) {
    return `--listen takes HOST:PORT, e.g. 127.0.0.1:8080 (port 0 picks a free one), not "${text}".`;
  }
  return { host: match[1] || match[2] || '127.0.0.1', port };
}

function usage(message: string): ProxyCommand {
  return { kind: 'usage-error', message };
}

/** Runs the proxy until SIGINT/SIGTERM; resolves with the exit status. */
export async function runProxy(
  command: Extract<ProxyCommand, { kind: 'proxy' }>,
  out: { stdout: (text: string) => void; stderr: (line: string) => void },
): Promise<number> {
  const toStdout = command.output === undefined || command.output === '-';
  let writer: LineWriter | undefined;
  const pending: Buffer[] = [];
  let outputFailed = (_error: Error) => undefined as void;
  const outputError = new Promise<Error>((resolve) => (outputFailed = resolve));
  // The file exists (created or truncated) before the address is printed; the inspector's
  // thread writes to it.
  let file: number | undefined;
  if (!toStdout) {
    try {
      file = openSync(command.output!, 'w');
    } catch (error) {
      out.stderr(`sse-inspector: cannot write ${command.output}: ${(error as Error).message}`);
      return 1;
    }
  }
  let proxy: CaptureProxy;
  try {
    proxy = await CaptureProxy.start({
      target: command.target,
      host: command.host,
      port: command.port,
      insecureTls: command.insecureTls,
      maxEventBytes: command.maxEventBytes,
      // Parsing and formatting run in a thread of their own (dist/captureWorker.js, beside
      // this bundle), so forwarding never waits for them. With -o FILE that thread writes the
      // file too; for stdout, lines that arrive before the address line is out wait for it
      // (stdout's order matters).
      thread: {
        script: bundledWorkerScript(),
        onLines: (bytes) => (writer ? writer.writeBytes(bytes) : pending.push(bytes)),
        outputFd: file,
        onOutputError: (message) => outputFailed(new Error(message)),
        onError: (message) => out.stderr(`sse-inspector: ${message}`),
        // A slow output skips records (and says so in them); it never slows the app's streams.
        outputBlocked: () => writer?.isBlocked ?? false,
      },
    });
  } catch (error) {
    if (file !== undefined) closeSync(file);
    if (error instanceof CaptureStartError) {
      out.stderr(`sse-inspector: ${error.message}`);
      return error.code === 'BAD_TARGET' ? 2 : 1;
    }
    throw error;
  }
  if (!isLoopbackHost(command.host)) {
    out.stderr(`sse-inspector: warning: listening on ${command.host}, not loopback: other machines can send requests through this proxy to ${proxy.target.origin}.`);
  }
  if (command.insecureTls && proxy.target.protocol === 'https:') {
    out.stderr('sse-inspector: warning: TLS certificates of the target are not checked (-k).');
  }
  out.stdout(`${proxy.address}\n`);
  if (toStdout) {
    writer = LineWriter.open(undefined);
    for (const bytes of pending.splice(0)) writer.writeBytes(bytes);
    writer.onError(outputFailed);
  }
  let stop = () => undefined as void;
  const interrupted = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const outcome = await Promise.race([interrupted.then(() => undefined), outputError]);
  process.removeListener('SIGINT', stop);
  process.removeListener('SIGTERM', stop);
  await proxy.close();
  if (file !== undefined) closeSync(file);
  if (outcome instanceof Error) {
    out.stderr(`sse-inspector: cannot write ${toStdout ? 'the records to stdout' : command.output}: ${outcome.message}`);
    return 1;
  }
  await writer?.close();
  return 130;
}
