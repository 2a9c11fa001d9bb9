// Lint rules that keep the architecture honest: src/core runs in plain Node and src/webview in a
// browser, so neither may import 'vscode'; the webview may not import Node built-ins either.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'http', 'https', 'net', 'os', 'path', 'stream', 'tls', 'url', 'util', 'zlib'];

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
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core is plain Node: it must not import vscode.' }] }],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview runs in a browser: no vscode API there; use src/protocol.ts messages.' }],
          patterns: [
            { group: ['node:*', ...nodeBuiltins], message: 'The webview runs in a browser: no Node built-ins.' },
            { group: ['**/panel/*', '**/extension', '**/commands'], message: 'The webview may only share pure code (protocol, core types).' },
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
);
