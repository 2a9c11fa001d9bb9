/**
 * `sse-inspector`: the headless recorder. Built to dist/cli.js (with a shebang) and exposed as
 * the package's bin, so `npx sse-inspector record <url>` works from the repository.
 */
import { parseArgs } from './cli/args';
import { check, parseCheckArgs } from './cli/check';
import { HELP } from './cli/help';
import { merge } from './cli/merge';
import { record } from './cli/record';
import { parseProxyArgs, PROXY_HELP, runProxy } from './cli/proxy';
import { serve } from './cli/serve';

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'proxy') return proxy(argv.slice(1));
  if (argv[0] === 'check' && !argv.includes('--help') && !argv.includes('-h')) {
    const run = parseCheckArgs(argv.slice(1));
    if (typeof run === 'string') {
      process.stderr.write(`sse-inspector: ${run}\n`);
      return 2;
    }
    return check(run, (line) => process.stdout.write(line + '\n'), (line) => process.stderr.write(line + '\n'));
  }
  const command = parseArgs(argv);
  switch (command.kind) {
    case 'help':
      process.stdout.write(HELP);
      return 0;
    case 'usage-error':
      process.stderr.write(`sse-inspector: ${command.message}\n`);
      return 2;
    case 'record':
      return record(command, (line) => process.stderr.write(line + '\n'));
    case 'merge':
      return merge(command, (text) => process.stdout.write(text), (line) => process.stderr.write(line + '\n'));
    case 'serve':
      return serve(command, (line) => process.stdout.write(line + '\n'), (line) => process.stderr.write(line + '\n'));
  }
}

async function proxy(argv: readonly string[]): Promise<number> {
  const command = parseProxyArgs(argv);
  switch (command.kind) {
    case 'help':
      process.stdout.write(PROXY_HELP);
      return 0;
    case 'usage-error':
      process.stderr.write(`sse-inspector: ${command.message}\n`);
      return 2;
    case 'proxy':
      return runProxy(command, { stdout: (text) => process.stdout.write(text), stderr: (line) => process.stderr.write(line + '\n') });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode, not exit(): the process ends on its own once the client has let go of
    // everything, which is also how a leaked socket or timer would show (as a hang).
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sse-inspector: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
