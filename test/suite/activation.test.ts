// The extension loads in a real VS Code, activates without throwing, and registers every command
// it promises in package.json: a contributed command without a handler is a palette entry that
// fails with "command not found" for the user.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sse-inspector.sse-inspector';

interface ContributedCommand {
  readonly command: string;
  readonly title: string;
}

describe('activation', () => {
  let extension: vscode.Extension<unknown>;

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not loaded: is extensionDevelopmentPath the repository root?`);
    extension = found;
    // Before activation, executeCommand of a contributed command may resolve undefined.
    await extension.activate();
  });

  it('activates', () => {
    assert.equal(extension.isActive, true);
  });

  it('registers every command contributed in package.json', async () => {
    const contributed = (extension.packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes
      ?.commands;
    assert.ok(contributed && contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c.command)).map((c) => `${c.command} ("${c.title}")`);
    // assert.fail, not deepEqual: the list is the message; a diff would print it twice.
    if (missing.length > 0) {
      assert.fail(`${missing.length} command(s) contributed in package.json but not registered on activation:\n  ${missing.join('\n  ')}`);
    }
  });
});
