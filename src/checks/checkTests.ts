/**
 * The Testing view's stream checks: one TestItem per check file in the workspace, one child per
 * check (with its range, so the editor shows run icons in the gutter). Files are found at start
 * and followed by a file watcher; an open file is read from its editor, unsaved edits included.
 * An invalid file shows its problems on its item and as diagnostics at their lines.
 */
import * as vscode from 'vscode';
import { parseCheckFile } from '../core/checks/parse';
import type { CheckFile, FileProblem } from '../core/checks/types';
import { Disposable } from '../disposable';

/** The files the Testing view lists. */
export const CHECK_FILE_GLOB = '**/*.ssecheck.{yaml,yml,json}';
const EXCLUDE = '**/node_modules/**';

/**
 * Listing a file does not need the values of its `${env:NAME}` variables (a run reads them, and
 * says when one is missing): every name reads as set, so a check is listed either way.
 */
const LISTING_ENV: NodeJS.ProcessEnv = new Proxy({}, { get: (_target, name) => (typeof name === 'string' ? (process.env[name] ?? 'unset') : undefined) });

export function isCheckFile(uri: vscode.Uri): boolean {
  return /\.ssecheck\.(ya?ml|json)$/i.test(uri.path);
}

/** What the run handler needs of a check item. */
export interface CheckItemData {
  uri: vscode.Uri;
  /** The check's name (its id within the file). */
  name: string;
}

export class CheckTests extends Disposable {
  readonly controller: vscode.TestController;
  private readonly diagnostics: vscode.DiagnosticCollection;
  private readonly data = new WeakMap<vscode.TestItem, CheckItemData>();
  /** Resolves once the first scan of the workspace is done (the tests wait for it). */
  readonly ready: Promise<void>;

  constructor() {
    super();
    this.controller = this._register(vscode.tests.createTestController('sseInspector.checks', 'SSE Stream Checks'));
    this.diagnostics = this._register(vscode.languages.createDiagnosticCollection('sseInspector.checks'));
    this.controller.refreshHandler = async () => this.scan();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(CHECK_FILE_GLOB));
    this._register(watcher.onDidCreate((uri) => void this.load(uri)));
    this._register(watcher.onDidChange((uri) => void this.load(uri)));
    this._register(watcher.onDidDelete((uri) => this.remove(uri)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => isCheckFile(e.document.uri) && this.update(e.document.uri, e.document.getText())));
    this._register(vscode.workspace.onDidOpenTextDocument((doc) => isCheckFile(doc.uri) && this.update(doc.uri, doc.getText())));
    this.ready = this.scan();
  }

  /** The check file and name behind a check item (undefined for file items). */
  dataOf(item: vscode.TestItem): CheckItemData | undefined {
    return this.data.get(item);
  }

  /** Finds every check file in the workspace again. */
  async scan(): Promise<void> {
    const uris = await vscode.workspace.findFiles(CHECK_FILE_GLOB, EXCLUDE);
    const keep = new Set(uris.map((u) => u.toString()));
    this.controller.items.forEach((item) => {
      if (!keep.has(item.id)) this.remove(item.uri!);
    });
    await Promise.all(uris.map((uri) => this.load(uri)));
  }

  /** The file's text: from its editor when open (unsaved edits count), else from disk. */
  static async textOf(uri: vscode.Uri): Promise<string> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  }

  private async load(uri: vscode.Uri): Promise<void> {
    if (uri.path.includes('/node_modules/')) return;
    try {
      this.update(uri, await CheckTests.textOf(uri));
    } catch {
      this.remove(uri);
    }
  }

  private remove(uri: vscode.Uri): void {
    this.controller.items.delete(uri.toString());
    this.diagnostics.delete(uri);
  }

  /** Parses `text` and replaces the file's items with its checks. */
  update(uri: vscode.Uri, text: string): CheckFile {
    const parsed = parseCheckFile(text, vscode.workspace.asRelativePath(uri), LISTING_ENV);
    let fileItem = this.controller.items.get(uri.toString());
    if (!fileItem) {
      fileItem = this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
      this.controller.items.add(fileItem);
    }
    this.diagnostics.set(uri, parsed.problems.map(toDiagnostic));
    if (parsed.problems.length > 0) {
      // Keep the checks listed before the edit: a half-typed line should not make them vanish.
      fileItem.error = parsed.problems.map((p) => `line ${p.place.line}: ${p.message}`).join('\n');
      return parsed;
    }
    fileItem.error = undefined;
    const children = parsed.checks.map((check) => {
      const item = this.controller.createTestItem(`${uri.toString()}#${check.name}`, check.name, uri);
      item.range = new vscode.Range(check.place.line - 1, 0, check.place.line - 1, 0);
      this.data.set(item, { uri, name: check.name });
      return item;
    });
    fileItem.children.replace(children);
    return parsed;
  }
}

/** A file problem as an error squiggle at its place. */
export function toDiagnostic(problem: FileProblem): vscode.Diagnostic {
  const position = new vscode.Position(problem.place.line - 1, problem.place.column - 1);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(position, position.translate(0, 1)), problem.message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'SSE check';
  return diagnostic;
}
