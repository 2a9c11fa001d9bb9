// Lint rules that keep the architecture honest (README, "Architecture"). Each folder says what it
// may import; a wrong import fails `npm test` (test/unit/architecture proves each rule bites).
//   src/shared/        pure code both sides use: imports nothing from other src/ folders
//   src/core/          plain Node (SSE client, recordings, ...): only src/core and src/shared
//   src/nest/analysis/ pure NestJS source analysis: only itself and src/shared
//   src/httpFiles/analysis/ pure .http file parsing: only itself and src/shared
//   src/webview/       browser code: only src/webview and src/shared
//   host folders       never import src/webview (the browser side)
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'http', 'https', 'net', 'os', 'path', 'stream', 'tls', 'url', 'util', 'zlib'];
const noVscode = (where) => ({ name: 'vscode', message: `${where} must not import vscode.` });
const noNodeBuiltins = (where) => ({ group: ['node:*', ...nodeBuiltins], message: `${where} runs in a browser too: no Node built-ins.` });
const hostFolders = ['panel', 'connect', 'profiles', 'recordings', 'nest', 'httpFiles', 'capture', 'replay', 'cli', 'checks'];
const hostFiles = ['extension', 'commands', 'settings', 'disposable', 'cli'];
// src/checks (the Testing view) shares its name with src/core/checks: core may import the latter,
// so the host one is refused by its file names below instead of by folder.
const hostChecks = { regex: '^(\\.\\./)+checks/(index|checkTests|checkRun|saveAsCheck)$', message: 'src/core imports only src/core and src/shared (src/checks is the editor side).' };
const anyHost = [...hostFolders.filter((f) => f !== 'checks' && f !== 'replay').map((f) => `**/${f}/**`), ...hostFiles.map((f) => `**/src/${f}`), ...hostFiles.map((f) => `../${f}`)];
// src/replay (host) shares its name with src/core/replay (plain Node): matched by a relative-path
// regex instead of a glob, so that only the host folder is refused.
const hostReplay = (where) => ({ regex: '^(\\./|(\\.\\./)+)replay(/|$)', message: `${where} must not import the host folder src/replay (src/core/replay is fine).` });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'test/fixtures/**', 'demo/dist/**', '.nest-scratch/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode('src/shared (used by the webview too)')],
        patterns: [noNodeBuiltins('src/shared'), { regex: '^\\.\\./', message: 'src/shared imports nothing from other src/ folders.' }],
      }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode('src/core is plain Node: it')],
        patterns: [{ group: ['**/webview/**', ...anyHost], message: 'src/core imports only src/core and src/shared.' }, hostChecks, hostReplay('src/core')],
      }],
    },
  },
  {
    files: ['src/nest/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode('src/nest/analysis is pure source analysis: it')],
        patterns: [{ regex: '^\\.\\./(?!\\.\\./shared/)', message: 'src/nest/analysis imports only itself and src/shared.' }],
      }],
    },
  },
  {
    files: ['src/httpFiles/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode('src/httpFiles/analysis is pure .http file parsing: it')],
        patterns: [{ regex: '^\\.\\./(?!\\.\\./shared/)', message: 'src/httpFiles/analysis imports only itself and src/shared.' }],
      }],
    },
  },
  {
    files: ['src/cli.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode('The CLI runs without VS Code: it')],
        patterns: [{ group: ['**/webview/**', '**/panel/**', '**/connect/**', '**/profiles/**', '**/recordings/**', '**/extension', '**/commands', '**/settings'], message: 'The CLI imports only src/cli, src/core and src/shared.' }, { regex: '/nest/(?!analysis/)', message: 'The CLI may use pure NestJS analysis only.' }, { regex: '^\\.\\./checks/', message: 'The CLI imports only src/cli, src/core and src/shared (checks: src/core/checks).' }, hostReplay('The CLI')],
      }],
    },
  },
  {
    files: ['src/*.ts', ...hostFolders.filter((f) => f !== 'cli').map((f) => `src/${f}/**/*.ts`)],
    ignores: ['src/nest/analysis/**', 'src/httpFiles/analysis/**', 'src/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/webview/**', './webview/*'], message: 'Host code never imports src/webview (browser code); share pure code through src/shared.' }],
      }],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview runs in a browser: no vscode API there; use src/shared/protocol.ts messages.' }],
          patterns: [
            noNodeBuiltins('The webview'),
            { regex: '^\\.\\./(?!shared/|webview/)', message: 'The webview imports only src/webview and src/shared.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Stream data is untrusted: build DOM nodes and use textContent.' },
        { property: 'outerHTML', message: 'Stream data is untrusted: build DOM nodes and use textContent.' },
        { property: 'insertAdjacentHTML', message: 'Stream data is untrusted: build DOM nodes and use textContent.' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // Subfolders of the webview (src/webview/message/, wire/): the same rule, one level deeper.
    files: ['src/webview/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview runs in a browser: no vscode API there; use src/shared/protocol.ts messages.' }],
          patterns: [
            noNodeBuiltins('The webview'),
            { regex: '^\\.\\./\\.\\./(?!shared/|webview/)|^\\.\\./\\.\\./\\.\\./', message: 'The webview imports only src/webview and src/shared.' },
          ],
        },
      ],
    },
  },
);
