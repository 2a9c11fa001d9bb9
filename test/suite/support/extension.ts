/** Shared helpers for suite tests that run inside the VS Code extension host. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SseInspectorApi } from '../../../src/extension';

export const EXTENSION_ID = 'sse-inspector.sse-inspector';

export async function activateExtension(): Promise<SseInspectorApi> {
  const extension = vscode.extensions.getExtension<SseInspectorApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** Polls `test` every 20 ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, test: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type WindowFunction = 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage' | 'showInputBox' | 'showQuickPick' | 'showSaveDialog';

/**
 * Answers one kind of VS Code prompt in place of a person (and records what it was asked),
 * until `restore()`. Only for prompts: the code under test still runs for real.
 */
export function answerPrompts<T>(name: WindowFunction, answer: (...args: unknown[]) => T): { calls: unknown[][]; restore(): void } {
  const target = vscode.window as unknown as Record<string, unknown>;
  const original = target[name];
  const calls: unknown[][] = [];
  target[name] = (...args: unknown[]) => {
    calls.push(args);
    return Promise.resolve(answer(...args));
  };
  return { calls, restore: () => (target[name] = original) };
}

/** Closes every editor and panel so each test starts from an empty workbench. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
