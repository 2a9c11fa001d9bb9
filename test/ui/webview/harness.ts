/**
 * Runs the webview alone in Chromium: a local HTTP server (127.0.0.1, port 0) serves the
 * panel's real HTML (renderPanelHtml) with a stand-in for VS Code's `acquireVsCodeApi` injected
 * before dist/webview.js. The stand-in records posted messages, keeps getState/setState in
 * memory, and sets the body class and --vscode-* variables as VS Code does for a theme. The
 * extension host's half of the live view (the real LiveView over a real RecordLog) runs in a
 * Web Worker beside the page (pageHost.ts, bundled here with esbuild): the webview talks to it
 * as to the extension host, and tests feed it records as a connection would (feed.ts).
 * Shared by the UI tests and bench/webview.ts.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve, extname, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildSync } from 'esbuild';
import { WebSocketServer } from 'ws';
import { renderPanelHtml } from '../../../src/panel/html';
import { CHROMIUM_ARGS } from '../../host/chromium';
import type { HostToWebview, WebviewToHost } from '../../../src/shared/protocol';
import type { HostFeed } from './feed';

export type { HostFeed } from './feed';

/** The checkout: the nearest folder above this (bundled) file that has a package.json. */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'node_modules'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

const ROOT = findRoot(resolve(__dirname));
const CODICONS = join(ROOT, 'node_modules/@vscode/codicons/dist');

/** A subset of the variables VS Code defines, enough to see that the panel follows the theme. */
export const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
      '--vscode-editor-background': '#1e1e1e',
      '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-panel-border': '#3c3c3c',
      '--vscode-focusBorder': '#007fd4',
      '--vscode-input-background': '#3c3c3c',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-inputOption-activeBackground': 'rgba(0, 127, 212, 0.4)',
      '--vscode-inputOption-activeBorder': '#007acc',
      '--vscode-inputValidation-errorBorder': '#be1100',
      '--vscode-inputValidation-errorBackground': '#5a1d1d',
      '--vscode-inputValidation-warningBorder': '#b89500',
      '--vscode-inputValidation-warningBackground': '#352a05',
      '--vscode-errorForeground': '#f48771',
      '--vscode-badge-background': '#4d4d4d',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-list-hoverBackground': '#2a2d2e',
      '--vscode-list-activeSelectionBackground': '#04395e',
      '--vscode-list-activeSelectionForeground': '#ffffff',
      '--vscode-list-inactiveSelectionBackground': '#37373d',
      '--vscode-button-background': '#0e639c',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-textLink-foreground': '#3794ff',
      '--vscode-editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-textCodeBlock-background': '#0a0a0a66',
      '--vscode-debugTokenExpression-name': '#c586c0',
      '--vscode-debugTokenExpression-string': '#ce9178',
      '--vscode-debugTokenExpression-number': '#b5cea8',
      '--vscode-debugTokenExpression-boolean': '#4e94ce',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
      '--vscode-editor-background': '#ffffff',
      '--vscode-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#3b3b3b',
      '--vscode-input-border': '#cecece',
      '--vscode-inputOption-activeBackground': 'rgba(190, 230, 253, 0.5)',
      '--vscode-inputOption-activeBorder': '#005fb8',
      '--vscode-inputValidation-errorBorder': '#be1100',
      '--vscode-inputValidation-errorBackground': '#f2dede',
      '--vscode-inputValidation-warningBorder': '#b89500',
      '--vscode-inputValidation-warningBackground': '#f6f5d2',
      '--vscode-errorForeground': '#a1260d',
      '--vscode-badge-background': '#cccccc',
      '--vscode-badge-foreground': '#3b3b3b',
      '--vscode-list-hoverBackground': '#f2f2f2',
      '--vscode-list-activeSelectionBackground': '#e8e8e8',
      '--vscode-list-activeSelectionForeground': '#000000',
      '--vscode-list-inactiveSelectionBackground': '#e4e6f1',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-textLink-foreground': '#005fb8',
      '--vscode-editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-green': '#388a34',
      '--vscode-charts-red': '#e51400',
      '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-purple': '#652d90',
      '--vscode-textCodeBlock-background': '#dcdcdc66',
      '--vscode-debugTokenExpression-name': '#9b46b0',
      '--vscode-debugTokenExpression-string': '#a31515',
      '--vscode-debugTokenExpression-number': '#098658',
      '--vscode-debugTokenExpression-boolean': '#0000ff',
    },
  },
  highContrast: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
      '--vscode-editor-background': '#000000',
      '--vscode-foreground': '#ffffff',
      '--vscode-descriptionForeground': '#ffffff',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-focusBorder': '#f38518',
      '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff',
      '--vscode-input-border': '#6fc3df',
      '--vscode-inputOption-activeBorder': '#6fc3df',
      '--vscode-inputValidation-errorBorder': '#f48771',
      '--vscode-inputValidation-errorBackground': '#5a1d1d',
      '--vscode-errorForeground': '#f48771',
      '--vscode-badge-background': '#000000',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-list-activeSelectionBackground': '#000000',
      '--vscode-list-activeSelectionForeground': '#ffffff',
      '--vscode-list-focusOutline': '#f38518',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-editor-findMatchHighlightBorder': '#f38518',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-purple': '#b180d7',
    },
  },
} as const;

export type ThemeName = keyof typeof THEMES;

/**
 * Where the host's half runs: in a Web Worker (its own thread, as the extension host is its own
 * process); in this Node process, over a WebSocket, as code-server's extension host talks to the
 * browser (a Chromium worker shares the renderer's cores and priority, which on 2 cores starves
 * it while the page paints); or in the page itself, answering each message before the webview's
 * call returns. 'page' is the split before the live view moved filter and search to the host
 * (the webview filtered its own copy on input and painted the next frame): bench/webview.ts
 * measures it in the same run as the baseline.
 */
export type HostPlacement = 'worker' | 'node' | 'page';

/** The stand-in for VS Code's webview API, as page script (runs before dist/webview.js). */
function standInScript(theme: ThemeName, initialState: unknown, placement: HostPlacement, socketUrl: string): string {
  const t = THEMES[theme];
  // JSON inside a <script>: escape '<' so no data can close the element.
  const json = (v: unknown): string => JSON.stringify(v ?? null).replace(/</g, '\\u003c');
  return `(function () {
  var posted = [];
  var state = ${json(initialState)};
  var acquired = false;
  // The extension host stand-in: what it posts reaches the page as VS Code's messages do.
  var host;
  if (${json(placement)} === 'page') {
    // pagehost-inline.js (loaded next) takes this as its 'self': messages to it are handled at once.
    var scope = { onmessage: null, postMessage: function (m) { window.postMessage(m, '*'); } };
    window.__pageHostScope = scope;
    // The split before the live view had no previews: the webview filtered its own copy.
    document.documentElement.dataset.filterPreview = 'off';
    host = { postMessage: function (m) { scope.onmessage({ data: structuredClone(m) }); } };
  } else if (${json(placement)} === 'node') {
    // JSON over a WebSocket, in order; what the page posts before it opens waits for it.
    var socket = new WebSocket(${json(socketUrl)});
    var waiting = [];
    socket.onopen = function () { waiting.forEach(function (m) { socket.send(m); }); waiting = null; };
    socket.onmessage = function (e) { window.postMessage(JSON.parse(e.data), '*'); };
    host = { postMessage: function (m) { var text = JSON.stringify(m); if (waiting) waiting.push(text); else socket.send(text); } };
  } else {
    host = new Worker('/pagehost.js');
    host.onmessage = function (e) { window.postMessage(e.data, '*'); };
  }
  window.__host = {
    posted: posted,
    state: function () { return state; },
    feed: function (m) { host.postMessage({ feed: m }); }
  };
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return {
      postMessage: function (m) { posted.push(JSON.parse(JSON.stringify(m))); host.postMessage({ webview: m }); },
      getState: function () { return state; },
      setState: function (s) { state = JSON.parse(JSON.stringify(s)); return s; }
    };
  };
  document.body.classList.add(${json(t.bodyClass)});
  var vars = ${json(t.vars)};
  for (var k in vars) document.documentElement.style.setProperty(k, vars[k]);
})();`;
}

export interface PanelServer {
  origin: string;
  /**
   * For pages whose host's half runs in Node: ms from each filterChanged the host received to the
   * frame that answered it in full, in order (what the host's scan and its frame took).
   */
  readonly hostAnswerTimes: readonly number[];
  /** URL of the panel page for a theme and an optional saved state. */
  url(theme?: ThemeName, state?: unknown, placement?: HostPlacement): string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

/** Serves the panel on 127.0.0.1 at a free port. */
export async function startPanelServer(): Promise<PanelServer> {
  const bundle = join(ROOT, 'dist/webview.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run node scripts/build.mjs first`);
  const pageHost = buildSync({
    entryPoints: [join(ROOT, 'test/ui/webview/pageHost.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
  }).outputFiles[0].text;
  // In the page, the same bundle takes the stand-in's scope as its 'self' (a worker's global).
  const pageHostInline = `(function (self) {\n${pageHost}\n})(window.__pageHostScope);`;
  // In Node, each page's connection gets an instance of its own: the bundle run with a scope
  // whose postMessage sends on that socket.
  const sockets = new WebSocketServer({ noServer: true });
  const hostAnswerTimes: number[] = [];
  sockets.on('connection', (socket) => {
    let filterAt: number | undefined;
    const scope: { onmessage: ((e: { data: unknown }) => void) | null; postMessage(m: unknown): void } = {
      onmessage: null,
      postMessage: (m) => {
        const message = m as HostToWebview;
        if (filterAt !== undefined && message.type === 'frame' && message.searching === undefined) {
          hostAnswerTimes.push(performance.now() - filterAt);
          filterAt = undefined;
        }
        // A closed page's host may still have a frame due: it goes nowhere.
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
      },
    };
    new Function('self', pageHost)(scope);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { webview?: WebviewToHost };
      if (message.webview?.type === 'filterChanged') filterAt = performance.now();
      scope.onmessage?.({ data: message });
    });
  });
  const pages = new Map<string, { theme: ThemeName; state: unknown; placement: HostPlacement }>();
  let origin = '';
  let socketOrigin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const send = (status: number, type: string, body: string | Buffer): void => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    const page = pages.get(url.pathname);
    if (page) {
      const nonce = randomBytes(16).toString('base64');
      const html = renderPanelHtml({
        cspSource: origin,
        nonce,
        scriptUri: `${origin}/dist/webview.js`,
        styleUris: [`${origin}/codicons/codicon.css`, `${origin}/media/panel.css`, `${origin}/media/wire.css`],
        title: 'SSE test',
      })
        // The host stand-in is a worker from this origin or a WebSocket to this server (VS Code's host is another process).
        .replace("default-src 'none'", `default-src 'none'; worker-src ${origin}; connect-src ${socketOrigin}`)
        .replace(
          `<script nonce="${nonce}"`,
          `<script nonce="${nonce}">${standInScript(page.theme, page.state, page.placement, `${socketOrigin}/host`)}</script>\n    ` +
            (page.placement === 'page' ? `<script nonce="${nonce}" src="${origin}/pagehost-inline.js"></script>\n    ` : '') +
            `<script nonce="${nonce}"`,
        );
      return send(200, 'text/html; charset=utf-8', html);
    }
    // Chromium asks for a favicon on its own; VS Code's webviews never would.
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (url.pathname === '/pagehost.js') return send(200, 'text/javascript', pageHost);
    if (url.pathname === '/pagehost-inline.js') return send(200, 'text/javascript', pageHostInline);
    let file: string | undefined;
    if (url.pathname.startsWith('/codicons/')) file = join(CODICONS, normalize(url.pathname.slice('/codicons/'.length)));
    else if (url.pathname === '/dist/webview.js' || url.pathname === '/dist/webview.js.map') file = join(ROOT, url.pathname);
    else if (url.pathname === '/media/panel.css') file = join(ROOT, 'media/panel.css');
    else if (url.pathname === '/media/wire.css') file = join(ROOT, 'media/wire.css');
    if (file && file.startsWith(ROOT) && existsSync(file)) return send(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
    send(404, 'text/plain', 'not found');
  });
  server.on('upgrade', (req, socket, head) => {
    if (req.url !== '/host') return socket.destroy();
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  socketOrigin = origin.replace(/^http/, 'ws');
  let pageCount = 0;
  return {
    origin,
    hostAnswerTimes,
    url(theme = 'dark', state = undefined, placement = 'worker') {
      const path = `/panel-${++pageCount}`;
      pages.set(path, { theme, state, placement });
      return `${origin}${path}`;
    },
    close: () =>
      new Promise((ok) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => ok());
      }),
  };
}

/** Chromium from Debian's package, headless, with the flags that keep it quiet and offline. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}

/**
 * Tells the extension host stand-in what a connection would: a session starting (init), more
 * records, counters, a clear. It answers the webview with the real protocol.
 */
export async function send(page: Page, message: HostFeed): Promise<void> {
  // As a JSON string: Playwright's own argument serialization takes seconds for 10,000 objects.
  await page.evaluate((json) => (window as unknown as { __host: { feed(m: unknown): void } }).__host.feed(JSON.parse(json)), JSON.stringify(message));
}

/** Protocol plumbing the webview posts on its own (frames acked, rows fetched). */
const PLUMBING = new Set<WebviewToHost['type']>(['ack', 'viewport', 'fetch', 'detail']);

/** Messages the webview posted to the stand-in host so far, for the user's actions (no plumbing). */
export async function posted(page: Page): Promise<WebviewToHost[]> {
  const all = await allPosted(page);
  return all.filter((m) => !PLUMBING.has(m.type));
}

/** Every message the webview posted, plumbing included. */
export async function allPosted(page: Page): Promise<WebviewToHost[]> {
  return page.evaluate(() => (window as unknown as { __host: { posted: WebviewToHost[] } }).__host.posted);
}

/** The state the webview saved with setState. */
export async function savedState(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __host: { state(): unknown } }).__host.state());
}

/**
 * Logs `count` synthetic events from seq `startSeq` on the host stand-in, in batches of `batch`:
 * types cycle through a few names (with `message` for unnamed), data is small JSON. Generating
 * there keeps 100,000s of records from crossing the DevTools protocol.
 */
export async function feedGenerated(page: Page, startSeq: number, count: number, batch = 5000): Promise<void> {
  await send(page, { type: 'gen', start: startSeq, count, batch });
}

/** Resolves once the view shows the host's answer to the current filter (no search running). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.getElementById('root')?.hasAttribute('data-busy'));
}
