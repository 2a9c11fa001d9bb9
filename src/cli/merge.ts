/**
 * `sse-inspector merge FILE.ndjson [--text]`: the merged answer of each LLM stream in a recording
 * (one per connection), as `merged` records, or with --text as the text alone.
 */
import { readFile } from 'node:fs/promises';
import { formatRecordLine } from '../core/ndjson';
import { readRecordingText } from '../core/recordingFormats';
import { mergeRecords } from '../core/llm/sessionMerger';
import type { MergeOptions } from '../core/llm/merger';

export interface MergeRun {
  file: string;
  textOnly: boolean;
  options: MergeOptions;
}

/** Prints the merged records; resolves with the exit status (1 when nothing could be merged). */
export async function merge(run: MergeRun, stdout: (text: string) => void, stderr: (line: string) => void): Promise<number> {
  let text: string;
  try {
    text = await readFile(run.file, 'utf8');
  } catch (error) {
    stderr(`sse-inspector: cannot read "${run.file}": ${(error as Error).message}`);
    return 1;
  }
  const { records, problems } = readRecordingText(text);
  for (const problem of problems.slice(0, 5)) stderr(`sse-inspector: ${run.file}: ${problem} (left out)`);
  if (problems.length > 5) stderr(`sse-inspector: ${run.file}: ${problems.length - 5} more lines left out`);
  const merged = mergeRecords(records, run.options);
  if (merged.length === 0) {
    stderr(`sse-inspector: no LLM stream found in "${run.file}" (${records.length} records). Force a format with --merge FORMAT, or give a rule with --merge-path.`);
    return 1;
  }
  for (const record of merged) {
    if (!run.textOnly) stdout(formatRecordLine(record));
    else stdout(`${record.text ?? ''}\n`);
  }
  return 0;
}
