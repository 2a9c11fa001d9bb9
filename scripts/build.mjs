// One build for everything that runs: the extension and CLI (Node, CommonJS), the webview
// (browser, IIFE), and the TypeScript tests and benchmarks (Node, CommonJS, packages left to
// node_modules). `--watch` rebuilds on change; `--production` minifies the shipped bundles.
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync, existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Every .ts file below `dir` (recursively), or none when the folder does not exist. */
function tsFilesBelow(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'fixtures' ? [] : tsFilesBelow(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const shipped = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };

/**
 * Packages both Node bundles use go into dist/vendor.js once (src/vendor.ts lists them): an
 * import of one in dist/extension.js or dist/cli.js becomes a lookup in `require('./vendor.js')`,
 * which resolves beside the bundle at run time.
 */
const VENDORED = /^(undici|yaml|ajv\/dist\/2020|jsonpath-plus)$/;
const useVendorBundle = {
  name: 'vendor-bundle',
  setup(build) {
    build.onResolve({ filter: VENDORED }, (args) => ({ path: args.path, namespace: 'vendored' }));
    build.onResolve({ filter: /^\.\/vendor\.js$/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'vendored' }, (args) => ({
      contents: `module.exports = require('./vendor.js').modules[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
  },
};

const configs = [
  {
    ...shipped,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [useVendorBundle],
  },
  {
    ...shipped,
    entryPoints: ['src/vendor.ts'],
    outfile: 'dist/vendor.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...shipped,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [useVendorBundle],
  },
  {
    // The capture inspector's worker thread, started by the CLI and the extension alike
    // (src/core/capture/inspectorThread.ts finds it beside them in dist/).
    ...shipped,
    entryPoints: ['src/core/capture/captureWorker.ts'],
    outfile: 'dist/captureWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...shipped,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];

const testEntries = [...tsFilesBelow('test'), ...tsFilesBelow('bench')];
if (testEntries.length > 0) {
  configs.push({
    entryPoints: testEntries,
    outdir: 'out',
    outbase: '.',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    packages: 'external',
    external: ['vscode'],
    logLevel: 'warning',
  });
}

/**
 * undici is patched (patches/, applied by patch-package after npm install or npm ci): a checkout
 * whose node_modules predate the patch would build a client that crashes when a stream ending
 * with its connection meets a paused reader. Refuse to build one, and say what to run.
 */
function checkPatchedUndici() {
  const file = 'node_modules/undici/lib/dispatcher/client-h1.js';
  if (existsSync(file) && !readFileSync(file, 'utf8').includes('Patched by sse-inspector')) {
    console.error(`${file} lacks this project's patch (patches/undici+*.patch): run \`npm ci\` (or \`npx patch-package\`), then build again.`);
    process.exit(1);
  }
}
checkPatchedUndici();

/** The webview loads codicons from the extension's own files (CSP: font-src cspSource only). */
function copyCodicons() {
  const from = 'node_modules/@vscode/codicons/dist';
  mkdirSync('dist/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(join(from, file), join('dist/codicons', file));
}
copyCodicons();

const present = configs.filter((c) => (c.entryPoints ?? []).every((e) => existsSync(e)));
if (watch) {
  for (const config of present) {
    const ctx = await esbuild.context(config);
    await ctx.watch();
  }
  console.log(`watching ${present.length} bundles`);
} else {
  await Promise.all(present.map((config) => esbuild.build(config)));
  const outputs = present.map((c) => c.outfile ?? `${relative('.', c.outdir)}/ (${c.entryPoints.length} files)`);
  console.log(`built ${outputs.join(', ')}`);
}
