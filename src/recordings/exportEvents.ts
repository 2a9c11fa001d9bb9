/**
 * Export Events…: what a panel keeps, all of it or only what its filter shows, as NDJSON (the
 * CLI's format, one record per line) or a JSON array. Secret header values never reach the file:
 * records hold them masked, and every record is masked once more on its way out.
 */
import * as vscode from 'vscode';
import { serializeRecords, type RecordingFormat } from '../core/recordingFormats';
import { maskRecordSecrets } from '../core/secretHeaders';
import type { InspectorPanel } from '../panel/inspectorPanel';
import { sessionLabel } from '../panel/sessionTitle';
import { createRecordMatcher, isFilterActive } from '../shared/filter';
import { mergeRecords } from '../core/llm/sessionMerger';

export async function exportEvents(panel: InspectorPanel | undefined): Promise<vscode.Uri | undefined> {
  if (!panel) {
    void vscode.window.showWarningMessage('Open an SSE Inspector panel first: Export Events… saves what a panel holds.');
    return undefined;
  }
  const secretHeaders = panel.session.connectionOptions?.secretHeaders;
  const all = panel.session.log.toArray().map((record) => maskRecordSecrets(record, secretHeaders));
  const filter = panel.currentFilter;
  let records = all;
  if (filter && isFilterActive(filter)) {
    const matcher = createRecordMatcher(filter);
    const shown = all.filter(matcher);
    const scope = await vscode.window.showQuickPick(
      [
        { label: `Only what the filter shows`, description: `${shown.length} records`, shownOnly: true },
        { label: 'Everything kept', description: `${all.length} records`, shownOnly: false },
      ],
      { title: 'Export Events: which records?' },
    );
    if (!scope) return undefined;
    if (scope.shownOnly) records = shown;
  }
  const format = await vscode.window.showQuickPick(
    [
      { label: 'NDJSON', description: 'one record per line; opens again with Open Recording…, same as the CLI', format: 'ndjson' as RecordingFormat },
      { label: 'JSON', description: 'one array of records', format: 'json' as RecordingFormat },
    ],
    { title: 'Export Events: format' },
  );
  if (!format) return undefined;
  const target = await vscode.window.showSaveDialog({
    title: 'Export Events',
    defaultUri: defaultExportUri(panel, format.format),
    filters: format.format === 'ndjson' ? { 'SSE recording': ['ndjson'] } : { JSON: ['json'] },
  });
  if (!target) return undefined;
  // The merged answer of each LLM connection goes along (from everything kept, as the panel shows it).
  const choice = panel.llm.format;
  const merged = choice === 'off' ? [] : mergeRecords(all, choice === 'auto' ? {} : { format: choice });
  await vscode.workspace.fs.writeFile(target, Buffer.from(serializeRecords([...records, ...merged], format.format), 'utf8'));
  const open = await vscode.window.showInformationMessage(
    `Exported ${records.length} records to ${vscode.workspace.asRelativePath(target)}.`,
    'Open File',
  );
  if (open) await vscode.window.showTextDocument(target);
  return target;
}

function defaultExportUri(panel: InspectorPanel, format: RecordingFormat): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) return undefined;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const host = sessionLabel(panel.session.info).replace(/\.ndjson$|\.json$/i, '').replace(/[^a-z0-9.-]+/gi, '_');
  return vscode.Uri.joinPath(folder, `sse-${host}-${stamp}.${format}`);
}
