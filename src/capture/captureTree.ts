/**
 * The "SSE Captures" view: the proxy's address with copy-paste hints under it, then every
 * captured request, newest first. An event stream opens in the viewer; a hint copies itself.
 */
import * as vscode from 'vscode';
import { formatBytes } from '../shared/format';
import type { CapturedStream } from './capturedStreams';
import type { SetupHint } from './setupHints';

export const OPEN_CAPTURED_STREAM_COMMAND = 'sseInspector.openCapturedStream';
export const COPY_CAPTURE_HINT_COMMAND = 'sseInspector.copyCaptureHint';

/** What the tree reads from the running capture. */
export interface CaptureTreeSource {
  readonly running: { address: string; target: string; hints: SetupHint[] } | undefined;
  streams(): CapturedStream[];
}

type Node = { kind: 'address' } | { kind: 'hint'; hint: SetupHint } | { kind: 'stream'; stream: CapturedStream };

export class CaptureTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly source: CaptureTreeSource) {}

  /** Coalesces a burst of records into one refresh (a fast stream must not redraw per event). */
  refresh(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.changed.fire();
    }, 200);
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.changed.dispose();
  }

  getChildren(node?: Node): Node[] {
    const running = this.source.running;
    if (!node) {
      if (!running) return [];
      return [{ kind: 'address' }, ...this.source.streams().map((stream) => ({ kind: 'stream' as const, stream }))];
    }
    if (node.kind === 'address' && running) return running.hints.map((hint) => ({ kind: 'hint' as const, hint }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'address': {
        const running = this.source.running!;
        const item = new vscode.TreeItem(running.address, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `→ ${running.target}`;
        item.tooltip = 'Point your app at this address (copy a line below); requests go on to the target unchanged.';
        item.iconPath = new vscode.ThemeIcon('radio-tower');
        item.command = { command: COPY_CAPTURE_HINT_COMMAND, title: 'Copy', arguments: [running.address] };
        return item;
      }
      case 'hint': {
        const item = new vscode.TreeItem(node.hint.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.hint.text;
        item.tooltip = `Click to copy:\n${node.hint.text}`;
        item.iconPath = new vscode.ThemeIcon('copy');
        item.command = { command: COPY_CAPTURE_HINT_COMMAND, title: 'Copy', arguments: [node.hint.text] };
        return item;
      }
      case 'stream':
        return streamItem(node.stream);
    }
  }
}

function streamItem(entry: CapturedStream): vscode.TreeItem {
  const capture = entry.capture;
  let path = '';
  try {
    const url = new URL(capture?.url ?? '');
    path = url.pathname + url.search;
  } catch {
    path = capture?.url ?? '';
  }
  const label = capture ? `#${entry.stream} ${capture.method} ${path}` : `#${entry.stream} (no response)`;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  const gap = entry.skippedBytes > 0 ? ` · ${formatBytes(entry.skippedBytes)} not recorded` : '';
  const state = entry.isEventStream ? `${entry.events} event${entry.events === 1 ? '' : 's'}${entry.done ? '' : ' · open'}${gap}` : capture?.contentType || '';
  item.description = capture ? `${capture.status} · ${state}` : 'failed';
  item.tooltip = capture ? `${capture.method} ${capture.url}\n${capture.status} ${capture.contentType}` : 'The upstream did not respond (the client got a 502).';
  if (gap) {
    item.tooltip += `\nThe stream came faster than the capture could record: ${formatBytes(entry.skippedBytes)} of it were forwarded to your app unchanged but are not in the records (each gap is marked where it is).`;
  }
  item.iconPath = new vscode.ThemeIcon(gap ? 'warning' : entry.isEventStream ? (entry.done ? 'pass' : 'pulse') : capture ? 'arrow-swap' : 'error');
  if (entry.isEventStream) item.command = { command: OPEN_CAPTURED_STREAM_COMMAND, title: 'Open in Viewer', arguments: [entry.stream] };
  return item;
}
