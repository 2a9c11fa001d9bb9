/**
 * The view filter compiled into something fast to apply: type toggles, comments, and search
 * (text or regex, either case) over data, type and id. Pure: unit-tested in Node. Invalid
 * regular expressions are reported in `error`, never thrown.
 */
import type { StreamRecord } from './records';
import type { ViewFilter } from './protocol';
import type { Range } from './highlight';
import { describeRecord } from './describe';

/** At most this many highlighted ranges per text: beyond, nobody reads them. */
const MAX_RANGES = 200;

/** A compiled search: what to test rows with and how to find ranges to highlight. */
export interface CompiledSearch {
  /** False when the search box is empty or the pattern is invalid: everything passes. */
  readonly active: boolean;
  /** Why the pattern is invalid, for the UI; undefined when it is fine. */
  readonly error: string | undefined;
  /** Whether the record matches. Only meaningful when `active`. */
  test(rec: StreamRecord): boolean;
  /**
   * For plain text only: false when no part of `text` matches, so that records whose searched
   * fields all lie inside `text` cannot match either (the log passes over a block of them at
   * once). Absent for a regular expression: anchors, \b and lookarounds see where a field ends.
   */
  mayMatchWithin?(text: string): boolean;
  /** Where `text` matches, for highlighting (empty when inactive). */
  ranges(text: string): Range[];
}

const INACTIVE: CompiledSearch = {
  active: false,
  error: undefined,
  test: () => true,
  ranges: () => [],
};

/** Escapes text so it matches itself literally inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Plain text and regex alike run as a RegExp tested against each field separately, so a
 * pattern never spans data and type. Irregexp's case-insensitive matching scans 100,000 events
 * in a few milliseconds, so no lowercased copy of the data is kept (that would double memory).
 */
function regexSearch(pattern: string, caseSensitive: boolean, literal: boolean): CompiledSearch {
  // No 'u' flag: it rejects escapes like \- that people type out of habit.
  const flags = caseSensitive ? '' : 'i';
  let tester: RegExp;
  let finder: RegExp;
  try {
    // No 'g' on the tester: a global regex keeps lastIndex between test() calls.
    tester = new RegExp(pattern, flags);
    finder = new RegExp(pattern, `${flags}g`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ...INACTIVE, error: message.replace(/^Invalid regular expression: /, '') };
  }
  const search: CompiledSearch = {
    active: true,
    error: undefined,
    test(rec) {
      if (rec.kind === 'event') {
        return tester.test(rec.data) || tester.test(rec.type) || (rec.id !== undefined && tester.test(rec.id));
      }
      // Other rows are few: describe them on demand and search what the row shows.
      const row = describeRecord(rec);
      return tester.test(row.text) || tester.test(row.badge);
    },
    ranges(text) {
      const out: Range[] = [];
      finder.lastIndex = 0;
      for (let m = finder.exec(text); m !== null && out.length < MAX_RANGES; m = finder.exec(text)) {
        if (m[0].length === 0) {
          // An empty match (e.g. /x*/) would loop forever; step past it and draw nothing.
          finder.lastIndex++;
          continue;
        }
        out.push([m.index, m.index + m[0].length]);
      }
      return out;
    },
  };
  if (literal) search.mayMatchWithin = (text) => tester.test(text);
  return search;
}

/** Compiles the search part of a filter. */
export function compileSearch(search: string, regex: boolean, caseSensitive: boolean): CompiledSearch {
  if (search.length === 0) return INACTIVE;
  return regexSearch(regex ? search : escapeRegExp(search), caseSensitive, !regex);
}

/** A whole filter, ready to test records with. */
export class CompiledFilter {
  readonly search: CompiledSearch;
  private readonly hidden: ReadonlySet<string>;
  private readonly showComments: boolean;

  constructor(readonly filter: ViewFilter) {
    this.search = compileSearch(filter.search, filter.regex, filter.caseSensitive);
    this.hidden = new Set(filter.hiddenTypes);
    this.showComments = filter.showComments;
  }

  /**
   * Whether the record is shown. Type toggles apply to events only: lifecycle and
   * retry rows always pass them, because they explain gaps in the stream. Search applies to all.
   */
  matches(rec: StreamRecord): boolean {
    return this.passesToggles(rec.kind, rec.kind === 'event' ? rec.type : '') && (!this.search.active || this.search.test(rec));
  }

  /** The toggles' part of matches(), search aside: by kind, and for an event by its type. */
  passesToggles(kind: StreamRecord['kind'], type: string): boolean {
    if (kind === 'event') return this.hidden.size === 0 || !this.hidden.has(type);
    if (kind === 'comment') return this.showComments;
    return true;
  }
}

/** Two filters select the same rows (used to skip needless refilters). */
export function sameFilter(a: ViewFilter, b: ViewFilter): boolean {
  return (
    a.search === b.search &&
    a.regex === b.regex &&
    a.caseSensitive === b.caseSensitive &&
    a.showComments === b.showComments &&
    a.hiddenTypes.length === b.hiddenTypes.length &&
    a.hiddenTypes.every((t) => b.hiddenTypes.includes(t))
  );
}

/**
 * Whether every record `next` shows is one `prev` shows, so that a view answering `prev` can be
 * narrowed instead of scanning the whole log again: more types hidden, comments hidden, or a plain
 * search extended (typing on). Plain text only: a longer regex can match more (`a` -> `a|b`).
 * Case-insensitive matching compares code unit by code unit, so containment survives it.
 */
export function narrowsFilter(next: ViewFilter, prev: ViewFilter): boolean {
  if (next.showComments && !prev.showComments) return false;
  if (!prev.hiddenTypes.every((t) => next.hiddenTypes.includes(t))) return false;
  if (!compileSearch(prev.search, prev.regex, prev.caseSensitive).active) return true;
  if (next.search === prev.search && next.regex === prev.regex && next.caseSensitive === prev.caseSensitive) return true;
  return !next.regex && !prev.regex && next.caseSensitive === prev.caseSensitive && next.search.includes(prev.search);
}

/** A key naming the rows a filter selects: equal keys, same rows (hidden types in any order). */
export function filterKey(filter: ViewFilter): string {
  return JSON.stringify([filter.search, filter.regex, filter.caseSensitive, filter.showComments, [...filter.hiddenTypes].sort()]);
}

/**
 * Whether `filter` hides anything beyond the default view: hidden types or a valid search.
 * (Comments are hidden by default, so hiding them alone does not count.) Used by the host's
 * export to offer "only what the filter shows".
 */
export function isFilterActive(filter: ViewFilter): boolean {
  return filter.hiddenTypes.length > 0 || compileSearch(filter.search, filter.regex, filter.caseSensitive).active;
}

/** A predicate with exactly the webview's rules, for code that holds plain records (the host's export). */
export function createRecordMatcher(filter: ViewFilter): (record: StreamRecord) => boolean {
  const compiled = new CompiledFilter(filter);
  return (record) => compiled.matches(record);
}

/** The filter with one event type's toggle flipped (hidden <-> shown). */
export function toggleHiddenType(filter: ViewFilter, type: string): ViewFilter {
  const hidden = new Set(filter.hiddenTypes);
  if (hidden.has(type)) hidden.delete(type);
  else hidden.add(type);
  return { ...filter, hiddenTypes: [...hidden] };
}
