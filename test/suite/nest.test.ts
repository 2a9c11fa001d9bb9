/**
 * Runs inside a real VS Code extension host: the two NestJS commands on a copy of
 * test/fixtures/nest-workspace (made in the OS temp folder, so the fixture and any open workspace
 * stay untouched), then checks files, imports, module registration and the CodeLens.
 * Commands get their answers as arguments ({ path } / folder + { name, variant }), so no
 * input box has to be driven.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';

const fixture = resolve(__dirname, '../../../test/fixtures/nest-workspace');

/** Counts non-overlapping occurrences of `needle`. */
function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('NestJS scaffolding in VS Code', function () {
  this.timeout(30000);
  let root: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'sse-nest-'));
    cpSync(fixture, root, { recursive: true });
    await vscode.extensions.getExtension('sse-inspector.sse-inspector')?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(root, { recursive: true, force: true });
  });

  it('Insert @Sse() Endpoint adds the handler in the class at the cursor and the missing imports', async () => {
    const uri = vscode.Uri.file(join(root, 'src/health/health.controller.ts'));
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const cursor = document.positionAt(document.getText().indexOf('return { ok: true };'));
    editor.selection = new vscode.Selection(cursor, cursor);

    await vscode.commands.executeCommand('sseInspector.insertSseEndpoint', { path: '/status-stream/' });

    const text = document.getText();
    assert.ok(text.includes("import {\n  Controller,\n  Get,\n  Sse,\n  MessageEvent,\n} from '@nestjs/common';"), text);
    assert.ok(text.includes("import { map, Observable, interval } from 'rxjs';"), text);
    assert.equal(count(text, 'import'), 2, 'no new import declarations: both modules were imported already');
    assert.ok(text.includes("  }\n\n  @Sse('status-stream')\n  statusStream(): Observable<MessageEvent> {\n    return interval(1000).pipe("), text);
    assert.ok(text.trimEnd().endsWith('  }\n}'), 'the class is still closed');
    await document.save();
  });

  it('shows "Inspect stream" above the handler with the full URL', async () => {
    const uri = vscode.Uri.file(join(root, 'src/health/health.controller.ts'));
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const inspect = lenses.filter((lens) => lens.command?.command === 'sseInspector.inspectRoute');
    assert.equal(inspect.length, 1, `lenses: ${JSON.stringify(lenses.map((l) => l.command))}`);
    assert.match(inspect[0].command?.title ?? '', /Inspect stream/);
    // The global prefix comes from app.setGlobalPrefix('api') in src/main.ts.
    assert.deepEqual(inspect[0].command?.arguments, [{ url: 'http://localhost:3000/api/health/status-stream', method: 'GET', needsReview: false }]);
  });

  it('New SSE Controller… writes the files, registers them in the nearest module and opens the controller', async () => {
    const src = vscode.Uri.file(join(root, 'src'));
    await vscode.commands.executeCommand('sseInspector.newSseController', src, { name: 'newsFeed', variant: 'broadcast' });

    const controller = readFileSync(join(root, 'src/news-feed.controller.ts'), 'utf8');
    const service = readFileSync(join(root, 'src/news-feed.service.ts'), 'utf8');
    assert.ok(controller.includes("@Controller('news-feed')\nexport class NewsFeedController {"), controller);
    assert.ok(controller.includes("import { NewsFeedService } from './news-feed.service';"), controller);
    assert.ok(service.includes('export class NewsFeedService implements OnModuleDestroy {'), service);

    const module = readFileSync(join(root, 'src/app.module.ts'), 'utf8');
    assert.ok(module.includes("import { NewsFeedController } from './news-feed.controller';\nimport { NewsFeedService } from './news-feed.service';"), module);
    assert.ok(module.includes('  controllers: [\n    HealthController,\n    NewsFeedController,\n  ],\n  providers: [NewsFeedService],\n})'), module);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, join(root, 'src/news-feed.controller.ts'));
  });

  it('refuses to overwrite existing files', async () => {
    const src = vscode.Uri.file(join(root, 'src'));
    const before = readFileSync(join(root, 'src/app.module.ts'), 'utf8');
    await vscode.commands.executeCommand('sseInspector.newSseController', src, { name: 'news-feed', variant: 'interval' });
    assert.equal(readFileSync(join(root, 'src/app.module.ts'), 'utf8'), before);
    assert.ok(readFileSync(join(root, 'src/news-feed.controller.ts'), 'utf8').includes('NewsFeedService'), 'the broadcast controller is still there');
  });

  it('writes an interval controller into a subfolder and imports it with a relative path', async () => {
    const folder = vscode.Uri.file(join(root, 'src/health'));
    await vscode.commands.executeCommand('sseInspector.newSseController', folder, { name: 'clock', variant: 'interval' });
    assert.ok(existsSync(join(root, 'src/health/clock.controller.ts')));
    const module = readFileSync(join(root, 'src/app.module.ts'), 'utf8');
    assert.ok(module.includes("import { ClockController } from './health/clock.controller';"), module);
    assert.ok(module.includes('    NewsFeedController,\n    ClockController,\n  ],'), module);
  });
});
