// Debian's Chromium driven by playwright-core, with its profile inside the run folder and every
// request that is not to this machine aborted, so a test can never depend on the internet.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertSystemPackages, CHROMIUM } from './preflight';
import { CHROMIUM_PATH } from './paths';
import type { RunFolder } from './runFolder';

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** URLs the route below refused: a workbench that asks for the internet shows up here. */
  readonly blockedRequests: readonly string[];
  close(): Promise<void>;
}

/**
 * Flags for Debian's Chromium here: headless as root, and quiet offline (without the background
 * networking flags it keeps trying hosts this machine cannot reach).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function isLoopback(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    // data:, blob: and the like never leave the browser.
    if (protocol !== 'http:' && protocol !== 'https:' && protocol !== 'ws:' && protocol !== 'wss:') return true;
    // Chromium resolves every *.localhost name to this machine itself (webviews on their own origin).
    return LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost');
  } catch {
    return false;
  }
}

/**
 * A webview on an origin of its own is a third party inside the workbench, and its service
 * worker (which serves its resources) is refused while third-party cookies are blocked, as this
 * Chromium does by default. VS Code desktop allows them; vscode.dev needs the browser to (its
 * webview's error says so: "make sure third party cookies are enabled").
 */
function allowThirdPartyCookies(profileDir: string): void {
  mkdirSync(join(profileDir, 'Default'), { recursive: true });
  writeFileSync(join(profileDir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }));
}

/**
 * Launches headless Chromium for one run (set SSE_HEADED=1 to watch it, given a display).
 * `ownOriginWebviews`: ready for webviews served from an origin of their own (bench:live, see
 * test/ui/support/webviewOrigin.ts): third-party cookies allowed, and pages' Content-Security-
 * Policy bypassed, since the workbench's names no such origin for frames.
 */
export async function launchBrowser(run: RunFolder, { ownOriginWebviews = false } = {}): Promise<Browser> {
  assertSystemPackages([CHROMIUM]);
  const home = run.browserProfileDir;
  if (ownOriginWebviews) allowThirdPartyCookies(join(home, 'profile'));
  const context = await chromium.launchPersistentContext(join(home, 'profile'), {
    executablePath: CHROMIUM_PATH,
    headless: process.env.SSE_HEADED !== '1',
    viewport: { width: 1400, height: 900 },
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
    },
    args: [...CHROMIUM_ARGS],
    bypassCSP: ownOriginWebviews,
  });
  const blockedRequests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    blockedRequests.push(url);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, blockedRequests, close: () => context.close() };
}
