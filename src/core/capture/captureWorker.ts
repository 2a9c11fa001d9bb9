/**
 * Entry of the capture inspector's worker thread, bundled on its own to dist/captureWorker.js
 * (scripts/build.mjs) and shipped in the .vsix beside the extension and CLI bundles that start
 * it: a small bundle starts fast, and the extension's own bundle cannot run in a worker (it
 * needs `vscode`, which only the extension host's main thread provides).
 */
import { runInspectorWorker } from './inspectorWorker';

runInspectorWorker();
