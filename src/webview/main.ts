/**
 * Webview entry point (bundled to dist/webview.js as a browser IIFE). Browser code only: never
 * imports 'vscode' or Node modules.
 */
import { App } from './app';
import { acquireHostApi } from './vscodeApi';

const root = document.getElementById('root');
// `data-filter-preview="off"` on <html>: the benchmark's baseline page, the webview before previews.
if (root) new App(root, acquireHostApi(), document.documentElement.dataset.filterPreview !== 'off').start();
