/**
 * Where each key and list item of a YAML (or JSON) document is, by JSON pointer, so problems
 * and failures can name a line and column instead of a path.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Place } from './types';

/** JSON pointer -> place of the key (for map entries) or of the item (for list items). */
export type Positions = Map<string, Place>;

/** Escapes one pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Every key and item of `doc`, by pointer; the root is "" at the document's first node. */
export function locate(doc: Document, lineCounter: LineCounter): Positions {
  const positions: Positions = new Map();
  const placeOf = (offset: number): Place => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const walk = (node: unknown, pointer: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = `${pointer}/${pointerSegment(key)}`;
        const range = (pair.key as Node | null)?.range ?? (pair.value as Node | null)?.range;
        if (range) positions.set(child, placeOf(range[0]));
        walk(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const child = `${pointer}/${index}`;
        const range = (item as Node | null)?.range;
        if (range) positions.set(child, placeOf(range[0]));
        walk(item, child);
      });
    }
  };
  const root = doc.contents as Node | null;
  positions.set('', root?.range ? placeOf(root.range[0]) : { line: 1, column: 1 });
  walk(root, '');
  return positions;
}

/** The place of `pointer`, else of its nearest located parent (an item's missing key is reported at the item). */
export function placeFor(positions: Positions, pointer: string): Place {
  let current = pointer;
  for (;;) {
    const place = positions.get(current);
    if (place) return place;
    if (current === '') return { line: 1, column: 1 };
    current = current.slice(0, current.lastIndexOf('/'));
  }
}
