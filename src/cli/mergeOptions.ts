/**
 * `--merge FORMAT|auto|off`, `--merge-path JSONPATH` and `--merge-end MARKER`: how `record` and
 * `merge` read LLM streams. Shared by both commands; mistakes become one-line usage errors.
 */
import type { MergeOptions } from '../core/llm/merger';
import { jsonPathProblem } from '../core/llm/formats/custom';
import { isLlmFormat, LLM_FORMATS } from '../core/llm/readers';

/** What the user asked for: merge (auto or forced) or not at all. */
export type MergeChoice = MergeOptions | 'off';

/** Collects the merge options while the command line is read. */
export class MergeOptionReader {
  private format?: string;
  private path?: string;
  private end?: string;

  /** True once any merge option was given. */
  get given(): boolean {
    return this.format !== undefined || this.path !== undefined || this.end !== undefined;
  }

  /** Takes `arg` (with its value) when it is a merge option; false otherwise. */
  take(arg: string, value: string | undefined): boolean {
    if (arg === '--merge') this.format = value;
    else if (arg === '--merge-path') this.path = value;
    else if (arg === '--merge-end') this.end = value;
    else return false;
    return true;
  }

  /** The choice, or a message saying what to write instead. */
  result(): MergeChoice | { problem: string } {
    const format = this.format ?? (this.path !== undefined ? 'custom' : 'auto');
    if (format === 'off') return 'off';
    if (format !== 'auto' && !isLlmFormat(format)) {
      return { problem: `--merge takes auto, off or one of ${LLM_FORMATS.join(', ')}, not "${format}".` };
    }
    if (format === 'custom') {
      if (this.path === undefined) return { problem: '--merge custom needs --merge-path, e.g. --merge-path \'$.choices[0].delta.content\'.' };
      const problem = jsonPathProblem(this.path);
      if (problem) return { problem: `--merge-path: ${problem}` };
      return { format, custom: { textPath: this.path, ...(this.end !== undefined ? { endMarker: this.end } : {}) } };
    }
    return { format };
  }
}

/** The option names, for the parser's list of options that take a value. */
export const MERGE_VALUE_OPTIONS = ['--merge', '--merge-path', '--merge-end'];
