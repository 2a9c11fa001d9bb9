/**
 * "Insert @Sse() Endpoint" as a pure plan: given a file and a cursor offset, the edits that add
 * the handler inside the class at the cursor and the imports it needs. The command applies the
 * plan to the editor; the real-NestJS proof test applies the very same plan to a string.
 */
import { maskTypeScript } from './tsMask';
import { findClassAtOffset, memberInsertionOffset } from './classAtOffset';
import { ensureImports } from './imports';
import { handlerMethodName, normalizeRoutePath, validateRoutePath } from './names';
import { SSE_HANDLER_IMPORTS, indentText, sseHandler } from './templates';
import type { TextEdit } from './textEdits';

/** What the command knows about the editor. */
export interface EndpointPlanOptions {
  /** One level of indentation in this editor: two spaces, four, or a tab. */
  indentUnit?: string;
}

/** The plan, or why there is none (a message for the user). */
export type EndpointPlan =
  | { ok: true; edits: TextEdit[]; methodName: string; path: string; className: string }
  | { ok: false; message: string };

/** Message when the cursor is not inside a class body. */
export const NOT_IN_CLASS_MESSAGE = 'Place the cursor inside a controller class, then run "Insert @Sse() Endpoint" again.';

/**
 * Plans inserting an `@Sse(path)` handler into the class around `offset`, after the member at
 * or before the cursor, plus the missing imports.
 */
export function planSseEndpoint(source: string, offset: number, rawPath: string, options: EndpointPlanOptions = {}): EndpointPlan {
  const invalid = validateRoutePath(rawPath);
  if (invalid) return { ok: false, message: invalid };
  const masked = maskTypeScript(source);
  const cls = findClassAtOffset(source, offset, masked);
  if (!cls) return { ok: false, message: NOT_IN_CLASS_MESSAGE };

  const path = normalizeRoutePath(rawPath);
  const unit = options.indentUnit ?? '  ';
  const memberIndent = cls.memberIndent ?? cls.classIndent + unit;
  const methodName = handlerMethodName(path, cls.memberNames);
  const imports = ensureImports(source, SSE_HANDLER_IMPORTS);
  const method = indentText(sseHandler({ path, methodName, ids: imports.identifiers }), memberIndent, unit);

  const at = memberInsertionOffset(source, cls, offset, masked);
  const atBodyStart = masked.slice(cls.open + 1, at).trim() === '';
  const restOfBody = masked.slice(at, cls.close);
  let text: string;
  if (atBodyStart) {
    // First member: a blank line after it when other members follow; close an empty `{}` properly.
    const suffix = restOfBody.trim() !== '' ? '\n' : /\n/.test(restOfBody) ? '' : `\n${cls.classIndent}`;
    text = `\n${method}${suffix}`;
  } else {
    const restOfLine = restOfBody.split('\n')[0];
    text = `\n\n${method}${restOfLine.trim() !== '' ? `\n${memberIndent}` : ''}`;
  }
  return { ok: true, edits: [...imports.edits, { start: at, end: at, text }], methodName, path, className: cls.name };
}
