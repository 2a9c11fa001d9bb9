/**
 * Command-line arguments to options, without a dependency. Every mistake becomes a one-line
 * message that says what to write instead.
 */
import { readFileSync } from 'node:fs';
import type { SseClientOptions } from '../core/sseClient';

/** What the user asked for. */
export type Command =
  | { kind: 'help' }
  | { kind: 'record'; client: SseClientOptions; maxEvents?: number; timeoutMs?: number; output?: string; raw?: boolean; diagnostics?: boolean }
  | { kind: 'usage-error'; message: string };

class UsageError extends Error {}

/** Options that take a value, by every spelling. */
const VALUE_OPTIONS = new Set([
  '-X', '--method', '-H', '--header', '-d', '--data', '--last-event-id', '--max-events', '--timeout', '--retry',
  '--max-attempts', '--connect-timeout', '--idle-timeout', '--max-event-bytes', '-o', '--output', '--proxy',
]);

function positiveNumber(option: string, value: string, integer: boolean): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${option} takes a ${integer ? 'whole ' : ''}number >= 0, not "${value}".`);
  }
  return n;
}

/** Reads `argv` (without node and the script). `readFile` is injectable for tests. */
export function parseArgs(argv: readonly string[], readFile: (path: string) => Buffer = (p) => readFileSync(p)): Command {
  try {
    return parse(argv, readFile);
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'usage-error', message: error.message };
    throw error;
  }
}

function parse(argv: readonly string[], readFile: (path: string) => Buffer): Command {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const [command, ...rest] = argv;
  if (command !== 'record') throw new UsageError(`Unknown command "${command}": use "sse-inspector record <url>" (see --help).`);

  const headers: Record<string, string> = {};
  const client: Partial<SseClientOptions> = {};
  let url: string | undefined;
  let maxEvents: number | undefined;
  let timeoutMs: number | undefined;
  let output: string | undefined;
  let maxAttempts: number | undefined;
  let raw: boolean | undefined;
  let diagnostics: boolean | undefined;

  for (let i = 0; i < rest.length; i++) {
    let arg = rest[i];
    let value: string | undefined;
    // --name=value
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (VALUE_OPTIONS.has(arg) && value === undefined) {
      if (i + 1 >= rest.length) throw new UsageError(`${arg} needs a value (see --help).`);
      value = rest[++i];
    }
    switch (arg) {
      case '-X':
      case '--method':
        client.method = value!;
        break;
      case '-H':
      case '--header': {
        const colon = value!.indexOf(':');
        if (colon <= 0) throw new UsageError(`Write a header as 'Name: value', not "${value}".`);
        headers[value!.slice(0, colon).trim()] = value!.slice(colon + 1).trim();
        break;
      }
      case '-d':
      case '--data':
        if (value!.startsWith('@')) {
          const path = value!.slice(1);
          try {
            client.body = new Uint8Array(readFile(path));
          } catch (error) {
            throw new UsageError(`Cannot read the body file "${path}": ${(error as Error).message}`);
          }
        } else {
          client.body = value!;
        }
        break;
      case '--last-event-id':
        client.lastEventId = value!;
        break;
      case '--max-events':
        maxEvents = positiveNumber(arg, value!, true);
        break;
      case '--timeout':
        timeoutMs = positiveNumber(arg, value!, false) * 1000;
        break;
      case '--no-reconnect':
        client.reconnect = false;
        break;
      case '--retry':
        client.retryMs = positiveNumber(arg, value!, true);
        break;
      case '--max-attempts':
        maxAttempts = positiveNumber(arg, value!, true);
        break;
      case '--connect-timeout':
        client.connectTimeoutMs = Math.max(1, positiveNumber(arg, value!, false) * 1000);
        break;
      case '--idle-timeout':
        client.idleTimeoutMs = Math.max(1, positiveNumber(arg, value!, false) * 1000);
        break;
      case '--max-event-bytes':
        client.maxEventBytes = Math.max(1, positiveNumber(arg, value!, true));
        break;
      case '-k':
      case '--insecure':
        client.insecureTls = true;
        break;
      case '--proxy':
        client.proxy = value!;
        break;
      case '-o':
      case '--output':
        output = value!;
        break;
      case '--raw':
        raw = true;
        break;
      case '--no-diagnostics':
        diagnostics = false;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`Unknown option ${arg} (see --help).`);
        if (url !== undefined) throw new UsageError(`One URL only: got "${url}" and "${arg}".`);
        url = arg;
    }
  }
  if (url === undefined) throw new UsageError('record needs a URL: sse-inspector record http://localhost:3000/events');
  if (client.body !== undefined && client.method === undefined) client.method = 'POST';
  if (Object.keys(headers).length > 0) client.headers = headers;
  if (maxAttempts !== undefined) client.reconnectPolicy = { kind: 'server', maxAttempts };
  return { kind: 'record', client: { ...client, url }, maxEvents, timeoutMs, output, ...(raw ? { raw } : {}), ...(diagnostics === false ? { diagnostics } : {}) };
}
