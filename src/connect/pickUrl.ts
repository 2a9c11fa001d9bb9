/**
 * The URL prompt of Connect…: one quick pick where typing a URL offers "Connect to <url>" first,
 * recent URLs follow (the demo server's when there are none), and a wrong URL is explained in
 * place instead of failing later.
 */
import * as vscode from 'vscode';
import { checkStreamUrl } from '../core/sseUrl';
import { chooseUrl, looksLikeUrl } from './urlChoice';

interface UrlItem extends vscode.QuickPickItem {
  url?: string;
  /** The "more options" entry (method, headers, body). */
  advanced?: boolean;
}

export interface PickedUrl {
  url: string;
  /** The user asked for method, headers and body too. */
  advanced: boolean;
}

export function pickStreamUrl(recent: readonly string[], demoUrl: string, initialValue = ''): Promise<PickedUrl | undefined> {
  const suggestions: UrlItem[] =
    recent.length > 0
      ? recent.map((url) => ({ label: url, description: 'recent', url, alwaysShow: true }))
      : [{ label: demoUrl, description: 'demo server (npm start)', url: demoUrl, alwaysShow: true }];

  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<UrlItem>();
    pick.title = 'SSE Inspector: Connect';
    pick.placeholder = 'URL of an SSE endpoint, e.g. http://localhost:3000/events';
    // Stays open while the user goes to copy the URL from elsewhere, as the request-details
    // prompts after it do; Escape closes it. (Closing on focus loss also lost a paste when the
    // panel the palette was opened from took its focus back a moment after the prompt showed.)
    pick.ignoreFocusOut = true;
    const advancedItem: UrlItem = {
      label: '$(settings-gear) Request with method, headers or body…',
      alwaysShow: true,
      advanced: true,
    };

    const refresh = () => {
      const typed = pick.value.trim();
      if (typed === '') {
        pick.items = [...suggestions, advancedItem];
        return;
      }
      const check = checkStreamUrl(typed);
      const first: UrlItem = check.ok
        ? { label: `$(plug) Connect to ${check.url}`, url: check.url, alwaysShow: true }
        : { label: `$(error) ${check.message}`, alwaysShow: true };
      // Filtered here, not by the quick pick: its own filtering would run ahead of this refresh
      // and could leave a different item highlighted than the one the items end up with.
      const matching = looksLikeUrl(typed)
        ? suggestions.filter((s) => s.url !== (check.ok ? check.url : ''))
        : suggestions.filter((s) => s.label.toLowerCase().includes(typed.toLowerCase()));
      pick.items = [first, ...matching, advancedItem];
    };

    let settled = false;
    const finish = (value: PickedUrl | undefined) => {
      if (settled) return;
      settled = true;
      resolve(value);
      pick.dispose();
    };

    pick.value = initialValue;
    pick.onDidChangeValue(refresh);
    pick.onDidAccept(() => {
      // The value, not only the highlighted item: the items may not reflect a paste yet (urlChoice.ts).
      const choice = chooseUrl(pick.value, pick.selectedItems[0] ?? pick.activeItems[0]);
      if (choice.kind === 'connect') {
        finish({ url: choice.url, advanced: choice.advanced });
        return;
      }
      // An invalid URL: keep the picker open with the explanation showing.
      void vscode.window.showErrorMessage(`SSE Inspector: ${choice.message}`);
    });
    pick.onDidHide(() => finish(undefined));
    refresh();
    pick.show();
  });
}
