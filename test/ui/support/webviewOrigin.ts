/**
 * Serves the workbench's webviews from an origin of their own, as VS Code does everywhere but in
 * code-server: VS Code desktop loads them from vscode-webview://<id> and vscode.dev from a
 * vscode-cdn.net subdomain per webview, so Chromium's site isolation renders each webview in a
 * process of its own. code-server serves them from the workbench's own origin instead, which
 * makes each webview a same-process iframe: every frame it paints also runs the workbench page's
 * paint, and its tasks and the workbench's share one main thread. bench:live measures with
 * webviews on their own origin unless told otherwise (--same-origin).
 *
 * How: the workbench page's configuration (a meta tag code-server writes) names the webview
 * endpoint; a script that runs before the page's own rewrites it, as the tag is parsed, to
 * http://{{uuid}}.localhost:<port>/… on the same server. VS Code puts a hash of the workbench's
 * origin where {{uuid}} is, and the webview checks that its host name starts with that hash,
 * exactly as on vscode.dev. Chromium resolves every *.localhost name to this machine and treats it
 * as a secure context, which the webview's service worker needs. The browser must be launched
 * for it (launchBrowser's `ownOriginWebviews`): third-party cookies allowed, and CSP bypassed,
 * since the workbench's policy allows frames only from itself and vscode-cdn.net (which also
 * turns off the webview's own policy: fine for a benchmark, never for the tests that check
 * hostile data stays text). Fulfilling the page from a route, with the policy rewritten, broke
 * the workbench's connection to the server, so the page is left as served.
 */
import type { Page } from 'playwright-core';
import type { CodeServer } from '../../host/codeServer';

export async function serveWebviewsFromOwnOrigin(page: Page, server: CodeServer): Promise<void> {
  const workbench = new URL(server.origin);
  await page.addInitScript(
    ({ origin, port }) => {
      if (window.top !== window || location.origin !== origin) return;
      const rewrite = (meta: Element): void => {
        const settings = JSON.parse(meta.getAttribute('data-settings') ?? '{}') as { webviewEndpoint?: string };
        if (!settings.webviewEndpoint) throw new Error('The workbench page names no webview endpoint: code-server changed how it configures webviews.');
        settings.webviewEndpoint = `http://{{uuid}}.localhost:${port}/${settings.webviewEndpoint.replace(/^\.?\//, '')}`;
        meta.setAttribute('data-settings', JSON.stringify(settings));
      };
      // The tag is parsed before the workbench's module scripts run: the observer sees it first.
      const observer = new MutationObserver(() => {
        const meta = document.getElementById('vscode-workbench-web-configuration');
        if (!meta) return;
        observer.disconnect();
        rewrite(meta);
      });
      observer.observe(document, { childList: true, subtree: true });
    },
    { origin: workbench.origin, port: workbench.port },
  );
}
