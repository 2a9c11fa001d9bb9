/**
 * Open Recording… on a capture file (`sse-inspector proxy -o`): the file interleaves many
 * requests, so the user picks one event stream and it opens alone in the viewer, its capture
 * record shown as the request (`connecting`).
 */
import * as vscode from 'vscode';
import type { InspectorPanel } from '../panel/inspectorPanel';
import type { PanelManager } from '../panel/panelManager';
import type { CaptureRecord, StreamRecord } from '../shared/records';
import { asConnecting } from './capturedStreams';

export async function openCaptureFile(
  panels: PanelManager,
  path: string,
  records: readonly StreamRecord[],
  captures: readonly CaptureRecord[],
): Promise<InspectorPanel | undefined> {
  const streams = captures.filter((c) => /^text\/event-stream\s*(;|$)/i.test(c.contentType));
  if (streams.length === 0) {
    void vscode.window.showInformationMessage(`SSE Inspector: ${path} is a capture of ${captures.length} request(s), none of them an event stream.`);
    return undefined;
  }
  let chosen: CaptureRecord | undefined = streams[0];
  if (streams.length > 1) {
    const picked = await vscode.window.showQuickPick(
      streams.map((c) => ({ label: `#${c.stream} ${c.method} ${c.url}`, description: `${records.filter((r) => r.stream === c.stream && r.kind === 'event').length} events`, capture: c })),
      { title: `Capture file: ${streams.length} event streams`, placeHolder: 'Which stream to open?' },
    );
    chosen = picked?.capture;
  }
  if (!chosen) return undefined;
  const n = chosen.stream;
  // The file's path as the source: "Open again" reads it anew (and asks again which stream).
  return panels.openRecording([asConnecting(chosen), ...records.filter((r) => r.stream === n)], path, chosen.url);
}
