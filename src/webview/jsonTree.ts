/**
 * A collapsible JSON tree built from <details>/<summary> (keyboard and screen-reader friendly
 * for free). Children are created when a node is first opened, so a 5 MB document costs only
 * what is on screen. Keys and values are untrusted: text nodes only.
 */
import { h } from './dom';
import { jsonScalarKind, jsonScalarText, type JsonValue } from '../shared/json';

/** Children shown per node before a "… N more" line: beyond, nobody reads them here. */
const MAX_CHILDREN = 1000;

type Container = JsonValue[] | { [key: string]: JsonValue };

function isContainer(value: JsonValue): value is Container {
  return value !== null && typeof value === 'object';
}

function entriesOf(value: Container): Array<[string, JsonValue]> {
  return Array.isArray(value) ? value.map((v, i): [string, JsonValue] => [String(i), v]) : Object.entries(value);
}

function summaryText(value: Container): string {
  return Array.isArray(value) ? `Array(${value.length})` : `{${Object.keys(value).length}}`;
}

function keyLabel(key: string | undefined, inArray: boolean): HTMLElement | undefined {
  if (key === undefined) return undefined;
  const el = h('span', inArray ? 'json-index' : 'json-key', inArray ? key : JSON.stringify(key));
  return el;
}

function scalarLine(key: string | undefined, inArray: boolean, value: JsonValue): HTMLElement {
  const line = h('div', 'json-line');
  const label = keyLabel(key, inArray);
  if (label) line.append(label, h('span', 'json-colon', ': '));
  line.append(h('span', `json-${jsonScalarKind(value)}`, jsonScalarText(value)));
  return line;
}

function fillChildren(body: HTMLElement, value: Container, depthOpen: number): void {
  const entries = entriesOf(value);
  const inArray = Array.isArray(value);
  for (const [k, v] of entries.slice(0, MAX_CHILDREN)) body.append(node(k, inArray, v, depthOpen - 1));
  if (entries.length > MAX_CHILDREN) body.append(h('div', 'json-more', `… ${entries.length - MAX_CHILDREN} more`));
}

function node(key: string | undefined, inArray: boolean, value: JsonValue, depthOpen: number): HTMLElement {
  if (!isContainer(value)) return scalarLine(key, inArray, value);
  const details = h('details', 'json-node');
  const summary = h('summary', 'json-summary');
  const label = keyLabel(key, inArray);
  if (label) summary.append(label, h('span', 'json-colon', ': '));
  summary.append(h('span', 'json-preview', summaryText(value)));
  const body = h('div', 'json-children');
  details.append(summary, body);
  let filled = false;
  const fill = (): void => {
    if (filled) return;
    filled = true;
    fillChildren(body, value, depthOpen);
  };
  // One listener per container node (not per row of the table): created lazily as it opens.
  details.addEventListener('toggle', () => {
    if (details.open) fill();
  });
  if (depthOpen > 0) {
    details.open = true;
    fill();
  }
  return details;
}

/** Builds the tree for an object or array, the first `openLevels` levels expanded. */
export function renderJsonTree(value: Container, openLevels = 3): HTMLElement {
  const root = h('div', 'json-tree');
  root.append(node(undefined, false, value, openLevels));
  return root;
}
