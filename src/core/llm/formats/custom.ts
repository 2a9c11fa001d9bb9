/**
 * A rule the user gives: a JSONPath to the text delta in each event's JSON (e.g.
 * `$.choices[0].delta.content`), optionally paths to reasoning and to the finish reason, and an
 * end marker (the data of the terminal event, e.g. `[DONE]`). Paths run with jsonpath-plus in its
 * safe evaluation mode: filter expressions are interpreted, never run as code, and stream data is
 * only ever data.
 */
import { JSONPath } from 'jsonpath-plus';
import type { FormatReader, MessageBuilder } from '../builder';

/** The user's rule for a stream none of the built-in formats reads. */
export interface CustomRule {
  /** JSONPath to the text delta, e.g. `$.choices[0].delta.content`. */
  textPath: string;
  reasoningPath?: string;
  finishReasonPath?: string;
  /** The data of the terminal event, e.g. `[DONE]`. */
  endMarker?: string;
}

/** What is wrong with a JSONPath, or undefined when it parses. */
export function jsonPathProblem(path: string): string | undefined {
  if (!path.trim().startsWith('$')) return 'A JSONPath starts with $, e.g. $.choices[0].delta.content';
  try {
    JSONPath.toPathArray(path);
    JSONPath({ path, json: {}, eval: 'safe', wrap: true });
    return undefined;
  } catch (error) {
    return `Not a JSONPath: ${(error as Error).message}`;
  }
}

function values(path: string, json: unknown): unknown[] {
  const result = JSONPath({ path, json: json as object, eval: 'safe', wrap: true }) as unknown;
  return Array.isArray(result) ? result : [];
}

export class CustomReader implements FormatReader {
  constructor(private readonly rule: CustomRule) {}

  read(b: MessageBuilder, json: unknown, _type: string, seq: number): void {
    if (typeof json !== 'object' || json === null) return b.gap(seq);
    for (const text of values(this.rule.textPath, json)) b.appendText('text', text, seq);
    if (this.rule.reasoningPath) for (const text of values(this.rule.reasoningPath, json)) b.appendText('reasoning', text, seq);
    if (this.rule.finishReasonPath) {
      const reason = values(this.rule.finishReasonPath, json).find((v) => typeof v === 'string' && v !== '');
      if (typeof reason === 'string') b.choice().finishReason = reason;
    }
  }
}
