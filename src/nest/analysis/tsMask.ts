/**
 * A same-length "skeleton" of TypeScript source for the regex-based scanners (route discovery,
 * import editing, class lookup). Comments become spaces and the insides of string, template and
 * regex literals become spaces, so a `{`, `@Sse(` or `import` inside a comment or a string can
 * never be mistaken for code, while every offset still points at the same place in the original
 * text (callers read literal values back from the original at those offsets).
 *
 * Why not the TypeScript compiler API: it would add about 9 MB to the extension bundle, and the
 * handful of constructs we look at (decorators, classes, import declarations) only need
 * comments and literals to be out of the way.
 */

/** Characters after which a `/` starts a regex literal rather than a division. */
const REGEX_PRECEDERS = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
/** Keywords after which a `/` starts a regex literal. */
const REGEX_KEYWORDS = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

/** Keeps line breaks (so line numbers survive) and blanks everything else. */
function blank(ch: string): string {
  return ch === '\n' || ch === '\r' ? ch : ' ';
}

/**
 * Returns `source` with comments and literal contents replaced by spaces (line breaks kept).
 * Quotes, backticks and `${ … }` expressions inside template literals stay as they are.
 * Unterminated literals or comments blank the rest of the text, which is safe for our scanners:
 * they find nothing there rather than something wrong.
 */
export function maskTypeScript(source: string): string {
  const out: string[] = [];
  // Each entry is the brace depth at which a template literal's `${` was opened, so the matching
  // `}` resumes the template instead of closing a block.
  const templateStack: number[] = [];
  let braceDepth = 0;
  let lastSignificant = '';
  let i = 0;
  const n = source.length;

  /** Copies a template literal body from i (just after ` or }) until its end or a `${`. */
  const scanTemplateBody = (): void => {
    while (i < n) {
      const ch = source[i];
      if (ch === '\\') {
        out.push(' ', i + 1 < n ? blank(source[i + 1]) : '');
        i += 2;
      } else if (ch === '`') {
        out.push('`');
        i++;
        lastSignificant = '`';
        return;
      } else if (ch === '$' && source[i + 1] === '{') {
        out.push('${');
        i += 2;
        templateStack.push(braceDepth);
        braceDepth++;
        lastSignificant = '{';
        return;
      } else {
        out.push(blank(ch));
        i++;
      }
    }
  };

  while (i < n) {
    const ch = source[i];
    const next = source[i + 1];
    if (ch === '/' && next === '/') {
      while (i < n && source[i] !== '\n' && source[i] !== '\r') {
        out.push(' ');
        i++;
      }
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (; i < stop; i++) out.push(blank(source[i]));
    } else if (ch === '"' || ch === "'") {
      out.push(ch);
      i++;
      while (i < n && source[i] !== ch && source[i] !== '\n') {
        if (source[i] === '\\') {
          out.push(' ');
          i++;
        }
        if (i < n) out.push(blank(source[i]));
        i++;
      }
      if (i < n && source[i] === ch) {
        out.push(ch);
        i++;
      }
      lastSignificant = ch;
    } else if (ch === '`') {
      out.push('`');
      i++;
      scanTemplateBody();
    } else if (ch === '/' && isRegexStart(lastSignificant, out)) {
      out.push('/');
      i++;
      let inClass = false;
      while (i < n && source[i] !== '\n') {
        const c = source[i];
        if (c === '\\') {
          out.push(' ');
          i++;
          if (i < n) out.push(blank(source[i]));
          i++;
          continue;
        }
        if (c === '[') inClass = true;
        else if (c === ']') inClass = false;
        else if (c === '/' && !inClass) break;
        out.push(' ');
        i++;
      }
      if (i < n && source[i] === '/') {
        out.push('/');
        i++;
      }
      lastSignificant = 'a'; // a regex literal ends an expression, like an identifier
    } else {
      if (ch === '{') braceDepth++;
      if (ch === '}') {
        braceDepth--;
        if (templateStack.length > 0 && templateStack[templateStack.length - 1] === braceDepth) {
          templateStack.pop();
          out.push('}');
          i++;
          scanTemplateBody();
          continue;
        }
      }
      out.push(ch);
      i++;
      if (!/\s/.test(ch)) lastSignificant = ch;
    }
  }
  return out.join('');
}

/** Decides whether a `/` at the current position opens a regex literal. */
function isRegexStart(lastSignificant: string, out: string[]): boolean {
  if (REGEX_PRECEDERS.has(lastSignificant)) return true;
  if (!/[\w$]/.test(lastSignificant)) return false;
  // An identifier-like token precedes: a regex only after keywords such as `return`.
  const tail = out.slice(-12).join('').trimEnd();
  return REGEX_KEYWORDS.test(tail);
}

/**
 * Given `open`, the offset of `(`, `{` or `[` in masked text, returns the offset of its matching
 * closer, or -1 when the text ends first. Only meaningful on masked text (no literals/comments).
 */
export function findClosing(masked: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
  const stack: string[] = [];
  for (let i = open; i < masked.length; i++) {
    const ch = masked[i];
    if (ch in pairs) stack.push(pairs[ch]);
    else if (ch === ')' || ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/**
 * Reads a plain string literal (quotes or a template without `${}`) that starts at `offset` in the
 * original source, skipping whitespace before it. Returns its value and end offset, or undefined
 * when there is no such literal (a variable, a call, an interpolated template…).
 */
export function readStringLiteral(source: string, offset: number): { value: string; end: number } | undefined {
  let i = offset;
  while (i < source.length && /\s/.test(source[i])) i++;
  const quote = source[i];
  if (quote !== "'" && quote !== '"' && quote !== '`') return undefined;
  let value = '';
  for (let j = i + 1; j < source.length; j++) {
    const ch = source[j];
    if (ch === quote) return { value, end: j + 1 };
    if (ch === '\\') {
      value += unescapeChar(source[j + 1] ?? '');
      j++;
    } else if (quote === '`' && ch === '$' && source[j + 1] === '{') {
      return undefined;
    } else if (ch === '\n' && quote !== '`') {
      return undefined;
    } else {
      value += ch;
    }
  }
  return undefined;
}

function unescapeChar(ch: string): string {
  switch (ch) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    default:
      return ch;
  }
}
