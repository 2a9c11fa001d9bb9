// One build for everything that runs: the extension and CLI (Node, CommonJS), the webview
// (browser, IIFE), and the TypeScript tests and benchmarks (Node, CommonJS, packages left to
// node_modules). `--watch` rebuilds on change; `--production` minifies the shipped bundles.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, existsSync, mkdirSync, copyFileSync } from 'node:fs';
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

const configs = [
  {
    ...shipped,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...shipped,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
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
