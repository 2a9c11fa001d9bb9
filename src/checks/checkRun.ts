/**
 * Runs check items from the Testing view (run, re-run, run all, gutter icons): only in a trusted
 * workspace, since a check file from a cloned repository would otherwise send requests (and a
 * profile's secrets) the moment it is run. Each failure is a message at its expectation's line;
 * the run's records are kept as a recording that opens in the viewer from the result.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { formatFailure } from '../core/checks/failure';
import { parseCheckFile } from '../core/checks/parse';
import { runCheck, type CheckResult, type ProfileResolver } from '../core/checks/runner';
import type { Check, Place } from '../core/checks/types';
import { formatRecordLine } from '../core/ndjson';
import { CheckTests } from './checkTests';

/** `contextValue` of a message whose check has a recording: the Testing view shows "Open Recording" on it. */
export const RECORDING_MESSAGE = 'sseInspector.checkRecording';
export const OPEN_CHECK_RECORDING_COMMAND = 'sseInspector.openCheckRecording';
const PARALLEL = 4;

/** What a finished run of one check left, for the extension's API (tests) and "Open Recording". */
export interface CheckRunReport {
  testId: string;
  outcome: CheckResult['outcome'];
  messages: { text: string; line: number; column: number }[];
  recording?: string;
}

const location = (uri: vscode.Uri, place: Place) => new vscode.Location(uri, new vscode.Position(place.line - 1, place.column - 1));

export class CheckRunner {
  /** Latest report per test id. */
  readonly reports = new Map<string, CheckRunReport>();
  private readonly finished = new vscode.EventEmitter<readonly CheckRunReport[]>();
  readonly onDidFinishRun = this.finished.event;

  constructor(
    private readonly tests: CheckTests,
    private readonly recordingsDir: string,
    private readonly resolveProfile: ProfileResolver,
  ) {}

  dispose(): void {
    this.finished.dispose();
  }

  async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const { controller } = this.tests;
    const run = controller.createTestRun(request);
    const items = this.checkItems(request);
    const reports: CheckRunReport[] = [];
    try {
      if (!vscode.workspace.isTrusted) {
        const message = 'Stream checks send requests, so they run only in a trusted workspace. Trust this folder (Workspaces: Manage Workspace Trust) to run them.';
        for (const item of items) {
          run.errored(item, new vscode.TestMessage(message));
          const report: CheckRunReport = { testId: item.id, outcome: 'error', messages: [{ text: message, line: (item.range?.start.line ?? -1) + 1, column: 1 }] };
          this.reports.set(item.id, report);
          reports.push(report);
        }
        return;
      }
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        let next = 0;
        const worker = async () => {
          while (next < items.length && !token.isCancellationRequested) {
            const item = items[next++];
            try {
              reports.push(await this.runItem(run, item, abort.signal));
            } catch (error) {
              // A file deleted mid-run, a recording folder that cannot be written: this check errs, the others run.
              run.errored(item, new vscode.TestMessage(`The check could not run: ${(error as Error).message}`));
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
        for (const item of items.slice(next)) run.skipped(item);
      } finally {
        cancel.dispose();
      }
    } finally {
      run.end();
      this.finished.fire(reports);
    }
  }

  /** The check items a request asks for (a file item stands for all its checks), minus the excluded. */
  private checkItems(request: vscode.TestRunRequest): vscode.TestItem[] {
    const roots: vscode.TestItem[] = [];
    if (request.include) roots.push(...request.include);
    else this.tests.controller.items.forEach((item) => roots.push(item));
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const out: vscode.TestItem[] = [];
    const add = (item: vscode.TestItem) => {
      if (excluded.has(item.id)) return;
      if (this.tests.dataOf(item)) out.push(item);
      else item.children.forEach(add);
    };
    roots.forEach(add);
    return out;
  }

  private async runItem(run: vscode.TestRun, item: vscode.TestItem, signal: AbortSignal): Promise<CheckRunReport> {
    const data = this.tests.dataOf(item)!;
    run.started(item);
    const report: CheckRunReport = { testId: item.id, outcome: 'error', messages: [] };
    // Read again at run time: the file may have changed, and ${env:NAME} values are read now.
    const parsed = parseCheckFile(await CheckTests.textOf(data.uri), vscode.workspace.asRelativePath(data.uri));
    const check: Check | undefined = parsed.checks.find((c) => c.name === data.name);
    if (!check) {
      const problem = parsed.problems[0];
      const text = problem ? `The file is invalid: ${problem.message}` : `The check "${data.name}" is no longer in the file.`;
      const message = new vscode.TestMessage(text);
      if (problem) message.location = location(data.uri, problem.place);
      run.errored(item, message);
      report.messages.push({ text, line: problem?.place.line ?? 0, column: problem?.place.column ?? 0 });
      this.reports.set(item.id, report);
      return report;
    }
    const result = await runCheck(check, { resolveProfile: this.resolveProfile, signal });
    report.outcome = result.outcome;
    report.recording = this.keepRecording(item, result);
    if (report.recording) run.appendOutput(`${check.name}: recording ${report.recording}\r\n`, undefined, item);
    if (result.outcome === 'passed') {
      run.passed(item, result.durationMs);
    } else if (result.outcome === 'error') {
      const place = result.errorAt?.place ?? check.place;
      const message = this.message(result.error ?? 'The check could not run.', report.recording);
      message.location = location(data.uri, place);
      run.errored(item, message, result.durationMs);
      report.messages.push({ text: result.error ?? '', line: place.line, column: place.column });
    } else {
      const messages = result.failures.map((failure) => {
        const message = this.message(formatFailure(failure), report.recording);
        message.location = location(data.uri, failure.place);
        report.messages.push({ text: formatFailure(failure), line: failure.place.line, column: failure.place.column });
        return message;
      });
      run.failed(item, messages, result.durationMs);
    }
    this.reports.set(item.id, report);
    return report;
  }

  /**
   * The failure as plain text (stream data is untrusted: appendText escapes it), then a link that
   * opens the recording; only that one command is enabled in the message.
   */
  private message(text: string, recording: string | undefined): vscode.TestMessage {
    const markdown = new vscode.MarkdownString().appendText(text);
    if (recording) {
      const args = encodeURIComponent(JSON.stringify([vscode.Uri.file(recording)]));
      markdown.appendMarkdown(`\n\n[Open the recording](command:sseInspector.openRecording?${args})`);
      markdown.isTrusted = { enabledCommands: ['sseInspector.openRecording'] };
    }
    const message = new vscode.TestMessage(markdown);
    if (recording) message.contextValue = RECORDING_MESSAGE;
    return message;
  }

  /** Writes the run's records (secrets already masked) where "Open Recording" finds them. */
  private keepRecording(item: vscode.TestItem, result: CheckResult): string | undefined {
    if (result.records.length === 0) return undefined;
    try {
      mkdirSync(this.recordingsDir, { recursive: true });
      const name = `${item.label.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60)}-${Date.now()}.ndjson`;
      const path = join(this.recordingsDir, name);
      writeFileSync(path, result.records.map(formatRecordLine).join(''));
      return path;
    } catch {
      return undefined;
    }
  }
}
