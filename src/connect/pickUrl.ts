/**
 * The URL prompt of Connect…: one quick pick where typing a URL offers "Connect to <url>" first,
 * recent URLs follow (the demo server's when there are none), and a wrong URL is explained in
 * place instead of failing later.
 */
import * as vscode from 'vscode';
import { checkStreamUrl } from '../core/sseUrl';

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
      ? recent.map((url) => ({ label: url, description: 'recent', url }))
      : [{ label: demoUrl, description: 'demo server (npm start)', url: demoUrl }];

  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<UrlItem>();
    pick.title = 'SSE Inspector: Connect';
    pick.placeholder = 'URL of an SSE endpoint, e.g. http://localhost:3000/events';
    pick.matchOnDescription = true;
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
      pick.items = [first, ...suggestions.filter((s) => s.url !== (check.ok ? check.url : '')), advancedItem];
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
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      if (item?.advanced) {
        const typed = checkStreamUrl(pick.value);
        finish({ url: typed.ok ? typed.url : '', advanced: true });
        return;
      }
      if (item?.url) {
        finish({ url: item.url, advanced: false });
        return;
      }
      // An invalid URL: keep the picker open with the explanation showing.
      const check = checkStreamUrl(pick.value);
      if (!check.ok) void vscode.window.showErrorMessage(`SSE Inspector: ${check.message}`);
    });
    pick.onDidHide(() => finish(undefined));
    refresh();
    pick.show();
  });
}
