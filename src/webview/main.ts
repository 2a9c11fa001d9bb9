/**
 * Webview entry point (bundled to dist/webview.js as a browser IIFE). Browser code only: never
 * imports 'vscode' or Node modules.
 */
import { App } from './app';
import { acquireHostApi } from './vscodeApi';

const root = document.getElementById('root');
if (root) new App(root, acquireHostApi()).start();
