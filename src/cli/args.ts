/**
 * Command-line arguments to options, without a dependency. Every mistake becomes a one-line
 * message that says what to write instead.
 */
import { readFileSync } from 'node:fs';
import { isHttpToken, parseHeaderLine } from '../core/headerLine';
import type { SseClientOptions } from '../core/sseClient';
import type { MergeOptions } from '../core/llm/merger';
import { MERGE_VALUE_OPTIONS, MergeOptionReader, type MergeChoice } from './mergeOptions';
import { tokenizeArgs } from './argTokens';
import { parseServeArgs, ServeUsageError, type ServeCommand } from './serveArgs';

/** What the user asked for. */
export type Command =
  | { kind: 'help' }
  | { kind: 'record'; client: SseClientOptions; maxEvents?: number; timeoutMs?: number; output?: string; merge?: MergeChoice; raw?: boolean; diagnostics?: boolean }
  | { kind: 'merge'; file: string; textOnly: boolean; options: MergeOptions }
  | ServeCommand
  | { kind: 'usage-error'; message: string };

class UsageError extends Error {}

/** Options that take a value, by every spelling. */
const VALUE_OPTIONS = new Set([
  '-X', '--method', '-H', '--header', '-d', '--data', '--last-event-id', '--max-events', '--timeout', '--retry',
  '--max-attempts', '--connect-timeout', '--idle-timeout', '--max-event-bytes', '-o', '--output', '--proxy', '--secret-header',
  ...MERGE_VALUE_OPTIONS,
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
    if (error instanceof UsageError || error instanceof ServeUsageError) return { kind: 'usage-error', message: error.message };
    throw error;
  }
}

function parse(argv: readonly string[], readFile: (path: string) => Buffer): Command {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const [command, ...rest] = argv;
  if (command === 'merge') return parseMerge(rest);
  if (command === 'serve') return parseServeArgs(rest);
  if (command !== 'record') throw new UsageError(`Unknown command "${command}": use "sse-inspector record <url>" or "sse-inspector serve <file>" (see --help).`);

  const headers: Record<string, string> = {};
  const secretHeaders: string[] = [];
  const client: Partial<SseClientOptions> = {};
  let url: string | undefined;
  let maxEvents: number | undefined;
  let timeoutMs: number | undefined;
  let output: string | undefined;
  let maxAttempts: number | undefined;
  let raw: boolean | undefined;
  let diagnostics: boolean | undefined;
  const merge = new MergeOptionReader();

  const tokens = tokenizeArgs(rest, (arg) => VALUE_OPTIONS.has(arg));
  if (typeof tokens === 'string') throw new UsageError(tokens);
  for (const { arg, value } of tokens) {
    if (merge.take(arg, value)) continue;
    switch (arg) {
      case '-X':
      case '--method':
        client.method = value!;
        break;
      case '-H':
      case '--header': {
        // The same rules as the request input box and profiles (token name, no CR/LF smuggling).
        const parsed = parseHeaderLine(value!);
        if (!parsed.ok) throw new UsageError(`${arg}: ${parsed.message}`);
        headers[parsed.name] = parsed.value;
        break;
      }
      case '--secret-header':
        if (!isHttpToken(value!.trim())) throw new UsageError(`--secret-header takes a header name, not "${value}".`);
        secretHeaders.push(value!.trim());
        break;
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
  if (secretHeaders.length > 0) client.secretHeaders = secretHeaders;
  if (maxAttempts !== undefined) client.reconnectPolicy = { kind: 'server', maxAttempts };
  const choice = merge.result();
  if (typeof choice === 'object' && 'problem' in choice) throw new UsageError(choice.problem);
  return {
    kind: 'record', client: { ...client, url }, maxEvents, timeoutMs, output,
    ...(merge.given ? { merge: choice } : {}), ...(raw ? { raw } : {}), ...(diagnostics === false ? { diagnostics } : {}),
  };
}

/** `merge FILE [--text] [--merge FORMAT] [--merge-path P] [--merge-end M]`. */
function parseMerge(rest: readonly string[]): Command {
  const merge = new MergeOptionReader();
  let file: string | undefined;
  let textOnly = false;
  const tokens = tokenizeArgs(rest, (arg) => MERGE_VALUE_OPTIONS.includes(arg));
  if (typeof tokens === 'string') throw new UsageError(tokens);
  for (const { arg, value } of tokens) {
    if (merge.take(arg, value)) continue;
    if (arg === '--text') textOnly = true;
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`Unknown option ${arg} for merge (see --help).`);
    else if (file !== undefined) throw new UsageError(`One recording only: got "${file}" and "${arg}".`);
    else file = arg;
  }
  if (file === undefined) throw new UsageError('merge needs a recording: sse-inspector merge recording.ndjson');
  const choice = merge.result();
  if (typeof choice === 'object' && 'problem' in choice) throw new UsageError(choice.problem);
  if (choice === 'off') throw new UsageError('--merge off makes no sense for merge: leave it out, or name a format.');
  return { kind: 'merge', file, textOnly, options: choice };
}
