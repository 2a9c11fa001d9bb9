/**
 * "Capture Streams…": asks for the target (recent targets first) and a port, starts the proxy
 * and shows the list; plus the status bar menu (Stop, copy the address or a setup line).
 */
import * as vscode from 'vscode';
import { CaptureStartError } from '../core/capture/captureProxy';
import { parseTarget } from '../core/capture/target';
import type { CaptureController, CaptureStart } from './captureController';

const RECENT_KEY = 'sseInspector.recentCaptureTargets';
const RECENT_LIMIT = 10;

/** Arguments a caller (a test, another command) may pass to skip the prompts. */
export interface CaptureArgs {
  target: string;
  port?: number;
  host?: string;
  insecureTls?: boolean;
}

export function isCaptureArgs(value: unknown): value is CaptureArgs {
  return typeof value === 'object' && value !== null && typeof (value as CaptureArgs).target === 'string';
}

export async function captureStreamsCommand(controller: CaptureController, state: vscode.Memento, args?: unknown): Promise<string | undefined> {
  let start: CaptureStart | undefined;
  if (isCaptureArgs(args)) start = { target: args.target, port: args.port ?? 0, host: args.host, insecureTls: args.insecureTls };
  else {
    const target = await askTarget(state.get<string[]>(RECENT_KEY, []));
    if (target === undefined) return undefined;
    const port = await askPort();
    if (port === undefined) return undefined;
    start = { target, port };
  }
  try {
    const proxy = await controller.start(start);
    const recent = state.get<string[]>(RECENT_KEY, []);
    await state.update(RECENT_KEY, [proxy.target.href, ...recent.filter((t) => t !== proxy.target.href)].slice(0, RECENT_LIMIT));
    void vscode.commands.executeCommand('sseInspector.captures.focus').then(undefined, () => undefined);
    void vscode.window
      .showInformationMessage(`SSE Inspector is capturing at ${proxy.address} → ${proxy.target.href}. Point your app at this address.`, 'Copy Address')
      .then((choice) => (choice ? vscode.env.clipboard.writeText(proxy.address) : undefined));
    return proxy.address;
  } catch (error) {
    if (!(error instanceof CaptureStartError)) throw error;
    const next = error.code === 'EADDRINUSE' ? ' Run "Capture Streams…" again with another port, or 0 for any free one.' : ' Run "Capture Streams…" again.';
    void vscode.window.showErrorMessage(`SSE Inspector: ${error.message}${next}`);
    return undefined;
  }
}

async function askTarget(recent: string[]): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick();
  pick.title = 'Capture Streams: the server your app talks to';
  pick.placeholder = 'http://localhost:3000 or https://api.openai.com (requests are forwarded there unchanged)';
  const base = recent.map((label) => ({ label, description: 'recent' }));
  pick.items = base;
  pick.onDidChangeValue((value) => {
    pick.items = value && !recent.includes(value) ? [{ label: value, description: 'new target' }, ...base] : base;
  });
  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]?.label ?? pick.value));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (chosen === undefined) return undefined;
  const parsed = parseTarget(chosen);
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(`SSE Inspector: ${parsed.message}`);
    return undefined;
  }
  return parsed.url.href;
}

async function askPort(): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Capture Streams: port to listen on (127.0.0.1)',
    prompt: '0 picks a free port. Your app connects here instead of the target.',
    value: '0',
    validateInput: (value) => (/^\d+$/.test(value.trim()) && Number(value) <= 65535 ? undefined : 'A port number from 0 to 65535.'),
  });
  return text === undefined ? undefined : Number(text.trim());
}

/** The status bar item's menu. */
export async function captureMenu(controller: CaptureController): Promise<void> {
  const running = controller.running;
  if (!running) return;
  const items: Array<vscode.QuickPickItem & { run: () => unknown }> = [
    { label: '$(debug-stop) Stop Capture', description: running.address, run: () => controller.stop() },
    { label: '$(list-tree) Show Captured Requests', run: () => vscode.commands.executeCommand('sseInspector.captures.focus') },
    { label: '$(copy) Copy Address', description: running.address, run: () => vscode.env.clipboard.writeText(running.address) },
    ...running.hints.map((hint) => ({ label: `$(copy) ${hint.label}`, description: hint.text, run: () => vscode.env.clipboard.writeText(hint.text) })),
  ];
  const chosen = await vscode.window.showQuickPick(items, { title: `Capturing ${running.address} → ${running.target}` });
  await chosen?.run();
}
