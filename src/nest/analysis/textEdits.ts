/**
 * Offset-based text edits: what the pure scaffolding functions return, so the commands can turn
 * them into a `WorkspaceEdit` and the tests can apply them to a string, both from the same plan.
 */

/** Replace `[start, end)` of the original text with `text` (start === end inserts). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping edits, all expressed against the ORIGINAL text. Edits at the same
 * offset keep their array order in the result.
 */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.start - b.edit.start || a.index - b.index);
  let result = '';
  let cursor = 0;
  for (const { edit } of ordered) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
    result += source.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return result + source.slice(cursor);
}
