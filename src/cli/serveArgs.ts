/**
 * Arguments of `sse-inspector serve FILE... [options]`. Fault flags are the names faults.ts
 * knows (the same as the query parameters), so the two spellings can never drift apart.
 */
import { applyFault, FaultError, isFaultName, SWITCH_FAULTS, type Faults } from '../core/replay/faults';
import { tokenizeArgs } from './argTokens';

/** What `serve` was asked for. */
export interface ServeCommand {
  kind: 'serve';
  files: string[];
  port: number;
  host: string;
  path?: string;
  speed: number;
  loop: boolean;
  faults: Faults;
}

/** A usage error: the message is one line saying what to write instead. */
export class ServeUsageError extends Error {}

const VALUE_OPTIONS = new Set(['--port', '--host', '--path', '--speed']);

export function parseServeArgs(args: readonly string[]): ServeCommand {
  const command: ServeCommand = { kind: 'serve', files: [], port: 0, host: '127.0.0.1', speed: 1, loop: false, faults: {} };
  const tokens = tokenizeArgs(args, (arg) => {
    const fault = arg.startsWith('--') ? arg.slice(2) : '';
    return VALUE_OPTIONS.has(arg) || (isFaultName(fault) && !SWITCH_FAULTS.has(fault));
  });
  if (typeof tokens === 'string') throw new ServeUsageError(tokens);
  for (const { arg, value } of tokens) {
    const fault = arg.startsWith('--') ? arg.slice(2) : '';
    switch (arg) {
      case '--port': {
        const port = Number(value);
        if (!/^\d+$/.test(value!) || port > 65535) throw new ServeUsageError(`--port takes a port number from 0 to 65535, not "${value}".`);
        command.port = port;
        break;
      }
      case '--host':
        if (value!.trim() === '') throw new ServeUsageError('--host needs an address, such as 127.0.0.1.');
        command.host = value!.trim();
        break;
      case '--path':
        if (!/^\/?[^\s?#]*$/.test(value!)) throw new ServeUsageError(`--path takes a URL path such as /events, not "${value}".`);
        command.path = value!;
        break;
      case '--speed': {
        const speed = Number(value);
        if (value!.trim() === '' || !Number.isFinite(speed) || speed < 0) {
          throw new ServeUsageError(`--speed takes a number >= 0 (2 = twice as fast, 0 = no waiting), not "${value}".`);
        }
        command.speed = speed;
        break;
      }
      case '--loop':
        if (value !== undefined) throw new ServeUsageError('--loop takes no value.');
        command.loop = true;
        break;
      default:
        if (isFaultName(fault)) {
          try {
            applyFault(command.faults, fault, value ?? '');
          } catch (error) {
            if (error instanceof FaultError) throw new ServeUsageError(`--${error.message}`);
            throw error;
          }
        } else if (arg.startsWith('-') && arg !== '-') {
          throw new ServeUsageError(`Unknown option ${arg} for serve (see --help).`);
        } else {
          command.files.push(arg);
        }
    }
  }
  if (command.files.length === 0) throw new ServeUsageError('serve needs a recording: sse-inspector serve run.ndjson');
  return command;
}
