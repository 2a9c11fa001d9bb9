/**
 * A sealed run of consecutive log records kept as columns: numbers in typed arrays, the strings
 * of all its events joined into one string with their end offsets, types in a small table. A
 * block of BLOCK_SIZE records is a handful of heap objects instead of four or five per record,
 * so the extension host's garbage collector no longer copies (young) or marks (old) every kept
 * record: at 20,000 events/s that work, not the reading, was what stalled the host for 100 ms and
 * more at a time (bench:live's "collections over 20 ms"). Reading a record builds it again, the
 * same fields in the same order. Plain Node, no `vscode`.
 */
import type { EventRecord, StreamRecord } from '../shared/records';

/** Records per block: sealed long before a young-generation collection could copy them. */
export const BLOCK_SIZE = 256;

/**
 * Strings longer than this keep their record as it is: a block's joined text must stay far below
 * V8's string length limit, and a few large events cost the collector little anyway.
 */
const MAX_JOINED_CHARS = 64 * 1024;

/** An event's fields, in the order the client creates them (sseClient.ts); `id` only when sent. */
const EVENT_KEYS = ['kind', 'seq', 'time', 'type', 'data', 'lastEventId', 'size'];
const EVENT_KEYS_WITH_ID = ['kind', 'seq', 'time', 'type', 'data', 'lastEventId', 'id', 'size'];

/**
 * True for an event that a block can take apart and build again exactly: these fields in this
 * order and nothing else (no `truncated`, no capture `stream`, no field a recording added), with
 * strings where strings belong. Anything else is kept as the object it is.
 */
export function isPlainEvent(record: StreamRecord): record is EventRecord {
  if (record.kind !== 'event') return false;
  const keys = record.id === undefined ? EVENT_KEYS : EVENT_KEYS_WITH_ID;
  let at = 0;
  for (const key in record) {
    if (key !== keys[at]) return false;
    at++;
  }
  return (
    at === keys.length &&
    typeof record.seq === 'number' &&
    typeof record.time === 'number' &&
    typeof record.size === 'number' &&
    typeof record.type === 'string' &&
    typeof record.data === 'string' &&
    typeof record.lastEventId === 'string' &&
    record.data.length <= MAX_JOINED_CHARS &&
    record.lastEventId.length <= MAX_JOINED_CHARS &&
    (record.id === undefined || (typeof record.id === 'string' && record.id.length <= MAX_JOINED_CHARS))
  );
}

/** Strings per event in the joined text: data, lastEventId, id ('' when absent). */
const STRINGS = 3;
/** A block has at most BLOCK_SIZE types: the low bits of a flag word hold the index. */
const HAS_ID = 0x8000;
const TYPE_MASK = 0x7fff;

export class SealedBlock {
  readonly length: number;
  private readonly seqs: Float64Array;
  private readonly times: Float64Array;
  private readonly sizes: Float64Array;
  /** Per record: its type's index in `types`, plus HAS_ID when the event carried an `id`. */
  private readonly flags: Uint16Array;
  private readonly types: string[] = [];
  private readonly text: string;
  /** Where each joined string ends in `text` (STRINGS per record). */
  private readonly ends: Uint32Array;
  /** Records kept as they are (not plain events), by index; undefined when there are none. */
  private readonly kept: (StreamRecord | undefined)[] | undefined;

  constructor(records: readonly StreamRecord[]) {
    const n = records.length;
    this.length = n;
    this.seqs = new Float64Array(n);
    this.times = new Float64Array(n);
    this.sizes = new Float64Array(n);
    this.flags = new Uint16Array(n);
    this.ends = new Uint32Array(n * STRINGS);
    const parts = new Array<string>(n * STRINGS).fill('');
    const typeIndex = new Map<string, number>();
    let kept: (StreamRecord | undefined)[] | undefined;
    let offset = 0;
    for (let i = 0; i < n; i++) {
      const record = records[i];
      const at = i * STRINGS;
      if (isPlainEvent(record)) {
        this.seqs[i] = record.seq;
        this.times[i] = record.time;
        this.sizes[i] = record.size;
        let type = typeIndex.get(record.type);
        if (type === undefined) {
          type = this.types.length;
          typeIndex.set(record.type, type);
          this.types.push(record.type);
        }
        this.flags[i] = type | (record.id === undefined ? 0 : HAS_ID);
        parts[at] = record.data;
        parts[at + 1] = record.lastEventId;
        parts[at + 2] = record.id ?? '';
      } else {
        kept ??= new Array<StreamRecord | undefined>(n);
        kept[i] = record;
      }
      for (let k = 0; k < STRINGS; k++) this.ends[at + k] = offset += parts[at + k].length;
    }
    this.text = parts.join('');
    this.kept = kept;
  }

  /** The record at index `i` (0 ≤ i < length), built again from the columns. */
  get(i: number): StreamRecord {
    const kept = this.kept?.[i];
    if (kept) return kept;
    const at = i * STRINGS;
    const text = this.text;
    const ends = this.ends;
    const start = at === 0 ? 0 : ends[at - 1];
    const flags = this.flags[i];
    const type = this.types[flags & TYPE_MASK];
    const data = text.slice(start, ends[at]);
    const lastEventId = text.slice(ends[at], ends[at + 1]);
    // The same object literals as the client's, so that records read back share its hidden class.
    return (flags & HAS_ID) === 0
      ? { kind: 'event', seq: this.seqs[i], time: this.times[i], type, data, lastEventId, size: this.sizes[i] }
      : { kind: 'event', seq: this.seqs[i], time: this.times[i], type, data, lastEventId, id: text.slice(ends[at + 1], ends[at + 2]), size: this.sizes[i] };
  }

  /**
   * False only when no record here can match a plain-text search: none kept whole (those are
   * tested one by one), no type matches and nothing in the joined strings does (a match inside
   * one field is a match inside the text that holds it).
   */
  mayHoldMatch(mayMatchWithin: (text: string) => boolean): boolean {
    return this.kept !== undefined || mayMatchWithin(this.text) || this.types.some(mayMatchWithin);
  }

  /** The type of the record at `i` when it is an event, else undefined; builds nothing. */
  eventType(i: number): string | undefined {
    const kept = this.kept?.[i];
    if (kept) return kept.kind === 'event' ? kept.type : undefined;
    return this.types[this.flags[i] & TYPE_MASK];
  }
}
