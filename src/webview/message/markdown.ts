/**
 * Merged LLM text as Markdown, built as DOM from markdown-it's tokens: no HTML string is ever
 * parsed. Raw HTML in the text stays text (html: false), only whitelisted tags are created, text
 * goes in through textContent, links keep their URL in a data attribute and open only through the
 * host after a click (http and https only; `javascript:`, `command:` and the rest become plain
 * text), and images are never loaded: they show as their alt text.
 */
import MarkdownIt from 'markdown-it';
/** One markdown-it token (the type the parser returns). */
type Token = ReturnType<MarkdownIt['parse']>[number];

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** Tags a token may create; anything else renders its children only. */
const TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'strong', 'em', 's', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'br']);

/** True for a URL the host may offer to open. */
export function isOpenableUrl(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A top-level block rendered: its node and the source line it starts on. */
export interface RenderedBlock {
  node: HTMLElement;
  line: number;
}

/**
 * Renders `text` into `target` (emptied first). Each top-level block gets `data-line` (its first
 * source line), so a click can be traced back to the text offset and the event that sent it.
 */
export function renderMarkdown(target: HTMLElement, text: string): void {
  target.textContent = '';
  appendMarkdown(target, text, 0);
}

/**
 * Appends the blocks of `text` to `target`, their `data-line` counted from `lineBase` (the line
 * `text` starts on in the whole answer); returns the top-level blocks in order.
 */
export function appendMarkdown(target: HTMLElement, text: string, lineBase: number): RenderedBlock[] {
  const blocks: RenderedBlock[] = [];
  const tokens = md.parse(text, {});
  const stack: HTMLElement[] = [target];
  const topLevel = (el: HTMLElement, map: [number, number] | null): void => {
    const line = map ? map[0] : (blocks.at(-1)?.line ?? 0);
    el.dataset.line = String(lineBase + line);
    blocks.push({ node: el, line });
  };
  for (const token of tokens) {
    const parent = stack[stack.length - 1];
    if (token.type === 'inline') {
      renderInline(parent, token.children ?? []);
      continue;
    }
    if (token.nesting === 1) {
      const el = document.createElement(TAGS.has(token.tag) ? token.tag : 'div');
      if (stack.length === 1) topLevel(el, token.map);
      parent.append(el);
      stack.push(el);
    } else if (token.nesting === -1) {
      if (stack.length > 1) stack.pop();
    } else if (token.type === 'fence' || token.type === 'code_block') {
      const pre = document.createElement('pre');
      const code = document.createElement('code');
      code.textContent = token.content;
      pre.append(code);
      if (stack.length === 1) topLevel(pre, token.map);
      parent.append(pre);
    } else if (token.type === 'hr') {
      const hr = document.createElement('hr');
      if (stack.length === 1) topLevel(hr, token.map);
      parent.append(hr);
    }
    // html_block cannot occur (html: false); anything else unknown is left out.
  }
  return blocks;
}

function renderInline(parent: HTMLElement, tokens: readonly Token[]): void {
  const stack: HTMLElement[] = [parent];
  for (const token of tokens) {
    const current = stack[stack.length - 1];
    switch (token.type) {
      case 'text':
        current.append(document.createTextNode(token.content));
        break;
      case 'code_inline': {
        const code = document.createElement('code');
        code.textContent = token.content;
        current.append(code);
        break;
      }
      case 'softbreak':
        current.append(document.createTextNode('\n'));
        break;
      case 'hardbreak':
        current.append(document.createElement('br'));
        break;
      case 'image': {
        // Never loaded (no remote requests from stream data): the alt text stands in.
        const alt = document.createElement('span');
        alt.className = 'sse-md-image';
        alt.textContent = `[image: ${token.content || 'no description'}]`;
        alt.title = token.attrGet('src') ?? '';
        current.append(alt);
        break;
      }
      case 'link_open': {
        const href = token.attrGet('href') ?? '';
        const el = document.createElement(isOpenableUrl(href) ? 'a' : 'span');
        if (el instanceof HTMLAnchorElement) {
          // No href: nothing navigates by itself; the click handler asks the host.
          el.dataset.href = href;
          el.title = href;
          el.tabIndex = 0;
        } else el.className = 'sse-md-badlink';
        current.append(el);
        stack.push(el);
        break;
      }
      case 'link_close':
        if (stack.length > 1) stack.pop();
        break;
      default:
        if (token.nesting === 1) {
          const el = document.createElement(TAGS.has(token.tag) ? token.tag : 'span');
          current.append(el);
          stack.push(el);
        } else if (token.nesting === -1) {
          if (stack.length > 1) stack.pop();
        } else if (token.content) current.append(document.createTextNode(token.content));
    }
  }
}

/** The text offset where source line `line` starts. */
export function lineOffset(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}
