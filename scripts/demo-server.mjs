// The quick start's demo SSE server: a NestJS app (demo/src) built with esbuild and started on
// 127.0.0.1. Usage: node scripts/demo-server.mjs [--port 3917] [--host 127.0.0.1]
// Prints "SSE Inspector demo server listening on http://127.0.0.1:<port>" once it listens, and
// closes cleanly on SIGINT/SIGTERM. esbuild emits no decorator metadata, so the demo's code names
// its injected dependencies with @Inject(...) (as the scaffolding does).
import * as esbuild from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Reads `--name value` from the command line. */
function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const port = Number(option('port', '3917'));
const host = option('host', '127.0.0.1');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535 (got ${option('port', '')}).`);
  process.exit(2);
}

const outfile = join(root, 'out', 'demo', 'main.mjs');
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['demo/src/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  keepNames: true,
  tsconfig: 'demo/tsconfig.json',
  logLevel: 'warning',
});

const { startDemo } = await import(pathToFileURL(outfile).href);
let app;
try {
  app = await startDemo(port, host);
} catch (error) {
  const hint = error?.code === 'EADDRINUSE' ? ` Port ${port} is in use: stop the other server or pass --port <another>.` : '';
  console.error(`The demo server could not start: ${error?.message ?? error}.${hint}`);
  process.exit(1);
}
const address = app.getHttpServer().address();
const shownHost = host.includes(':') ? `[${host}]` : host;
console.log(`SSE Inspector demo server listening on http://${shownHost}:${address.port} (try /events; index at /)`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    // Never hang on shutdown: give close() a moment, then leave anyway.
    setTimeout(() => process.exit(0), 3000).unref();
    app.close().then(
      () => process.exit(0),
      (error) => {
        console.error(`Error while closing: ${error?.message ?? error}`);
        process.exit(1);
      },
    );
  });
}
