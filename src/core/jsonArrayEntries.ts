/**
 * Splits a JSON array arriving in pieces into the text of its top-level entries, so a large
 * `[ {...}, {...} ]` export is read one entry at a time. Tracks only strings, escapes and nesting
 * depth; each entry's text is then parsed (and validated) by the caller like an NDJSON line.
 */
export class JsonArrayEntries {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private entry = '';
  private entryStart = -1;

  /** True while an entry has begun and not ended. */
  get unfinished(): boolean {
    return this.depth > 1 || (this.depth === 1 && this.entry.trim() !== '');
  }

  /** Feeds more text; returns the entries it completed. */
  push(text: string): string[] {
    const done: string[] = [];
    // An entry begun in an earlier piece goes on from the start of this one.
    this.entryStart = this.depth >= 2 || this.entry !== '' || this.inString ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c /* \ */) this.escaped = true;
        else if (c === 0x22 /* " */) this.inString = false;
        continue;
      }
      if (c === 0x22) {
        this.inString = true;
        if (this.depth === 1) this.beginEntry(i);
      } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        if (this.depth === 1) this.beginEntry(i);
        this.depth++;
      } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
        this.depth--;
        if (this.depth === 1) {
          done.push(this.entry + text.slice(this.entryStart, i + 1));
          this.entry = '';
          this.entryStart = -1;
        } else if (this.depth === 0) {
          this.flushScalar(text, i, done);
        }
      } else if (c === 0x2c /* , */ && this.depth === 1) {
        this.flushScalar(text, i, done);
      } else if (this.depth === 1 && c > 0x20) {
        this.beginEntry(i);
      }
    }
    if (this.entryStart >= 0) this.entry += text.slice(this.entryStart);
    return done;
  }

  private beginEntry(at: number): void {
    if (this.entryStart < 0 && this.entry === '') this.entryStart = at;
  }

  /** A top-level entry that is not an object or array (a number, a string): handed on as text. */
  private flushScalar(text: string, end: number, done: string[]): void {
    if (this.entryStart >= 0 || this.entry !== '') {
      const value = (this.entry + (this.entryStart >= 0 ? text.slice(this.entryStart, end) : '')).trim();
      if (value !== '') done.push(value);
    }
    this.entry = '';
    this.entryStart = -1;
  }
}
