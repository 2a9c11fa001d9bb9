import * as assert from 'node:assert/strict';
import { RecordLog } from '../../../src/panel/recordLog';
import { ViewIndex, type SliceScheduler } from '../../../src/panel/viewIndex';
import { MAX_COLUMN_TYPES } from '../../../src/panel/typeColumn';
import { DEFAULT_FILTER, type ViewFilter } from '../../../src/shared/protocol';
import type { StreamRecord } from '../../../src/shared/records';
import { seededRandom as seeded } from '../../support/seededRandom';
import { filteredPositions } from './viewOracle';

/** Slices run only when the test says; each slice may test `perSlice` records (a fake clock). */
function manualScheduler(perSlice: number): SliceScheduler & { runAll(): void; runOne(): boolean } {
  let pending: Array<() => void> = [];
  let time = 0;
  return {
    later(run) {
      pending.push(run);
      return () => (pending = pending.filter((r) => r !== run));
    },
    // Every look at the clock costs a slice's budget / perSlice of time.
    now: () => (time += 8 / perSlice),
    runOne() {
      const run = pending.shift();
      run?.();
      return run !== undefined;
    },
    runAll() {
      while (this.runOne()) {
        /* to the end */
      }
    },
  };
}

/** A log that counts the records read from it: what a scan cost. */
function countingLog(capacity: number): RecordLog & { reads: number } {
  const log = new RecordLog(capacity) as RecordLog & { reads: number };
  log.reads = 0;
  const atPos = log.atPos.bind(log);
  log.atPos = (pos) => (log.reads++, atPos(pos));
  return log;
}

const TYPES = ['message', 'tick', 'price'];
const WORDS = ['alpha', 'alphabet', 'beta', 'Alp', 'gamma ray'];

function record(seq: number, random: () => number): StreamRecord {
  if (random() < 0.05) return { kind: 'comment', seq, time: seq, text: WORDS[seq % WORDS.length] };
  // Rows that are neither events nor comments pass every type toggle.
  if (random() < 0.03) return { kind: 'retry', seq, time: seq, retry: 1000 };
  const data = `${WORDS[Math.floor(random() * WORDS.length)]} ${seq}`;
  return { kind: 'event', seq, time: seq, type: TYPES[Math.floor(random() * TYPES.length)], data, lastEventId: '', size: data.length };
}

/** The view's positions, oldest first. */
function positions(index: ViewIndex): number[] {
  const out: number[] = [];
  for (let i = 0; i < index.viewLength; i++) out.push(index.posAt(index.viewBase + i) as number);
  return out;
}

/** What a full scan of the log finds: the oracle. */
const expected = filteredPositions;

const filter = (change: Partial<ViewFilter>): ViewFilter => ({ ...DEFAULT_FILTER, ...change });

/** 5,000 seeded records in a counting log, and an index over them whose scans finish at once. */
function loggedIndex(seed: number): { log: ReturnType<typeof countingLog>; index: ViewIndex; random: () => number } {
  const log = countingLog(10_000);
  const random = seeded(seed);
  for (let i = 1; i <= 5000; i++) log.push(record(i, random));
  return { log, index: new ViewIndex(log, () => undefined, DEFAULT_FILTER, manualScheduler(1e9)), random };
}

describe('ViewIndex: scans start from what is known', () => {
  it('typing on tests only the rows the last search matched', () => {
    const { log, index } = loggedIndex(1);
    index.setFilter(filter({ search: 'alp' }));
    const wide = index.viewLength;
    log.reads = 0;
    index.setFilter(filter({ search: 'alpha' }));
    assert.equal(log.reads, wide, 'one read per row of the wider view');
    assert.deepEqual(positions(index), expected(log, filter({ search: 'alpha' })));
    log.reads = 0;
    index.setFilter(filter({ search: 'alpha', hiddenTypes: ['tick'] }));
    assert.ok(log.reads < 5000 / 2, `hiding a type narrows too: ${log.reads} reads`);
  });

  it('going back to a recent filter reads only the records logged since', () => {
    const { log, index, random } = loggedIndex(2);
    index.setFilter(filter({ search: 'alpha' }));
    index.setFilter(filter({ search: 'alphab' }));
    for (let i = 5001; i <= 5030; i++) {
      log.push(record(i, random));
      index.appended(log.atPos(log.endPos - 1) as StreamRecord, log.endPos - 1);
    }
    log.reads = 0;
    index.setFilter(filter({ search: 'alpha' }));
    assert.ok(log.reads <= 30 + 30, `${log.reads} reads: the 30 new records (and those appended() looked at)`);
    assert.deepEqual(positions(index), expected(log, filter({ search: 'alpha' })));
    log.reads = 0;
    index.setFilter(DEFAULT_FILTER);
    assert.ok(log.reads <= 30, `the unfiltered view came back too: ${log.reads} reads`);
    assert.deepEqual(positions(index), expected(log, DEFAULT_FILTER));
  });

  it('always equals a full scan, whatever the order of filters, appends, trimming and half-run scans', () => {
    const filters: ViewFilter[] = [
      DEFAULT_FILTER,
      filter({ search: 'a' }),
      filter({ search: 'al' }),
      filter({ search: 'alp' }),
      filter({ search: 'alpha' }),
      filter({ search: 'ALPHA' }),
      filter({ search: 'alpha', caseSensitive: true }),
      filter({ search: 'alp', hiddenTypes: ['tick'] }),
      filter({ hiddenTypes: ['tick', 'price'] }),
      filter({ hiddenTypes: ['price'] }),
      filter({ search: 'a.p', regex: true }),
      filter({ search: 'a.ph', regex: true }),
      filter({ search: 'a.p|beta', regex: true }),
      filter({ search: '(', regex: true }),
      filter({ search: 'ray', showComments: true }),
      filter({ search: 'ray' }),
      filter({ showComments: true }),
      filter({ showComments: true, hiddenTypes: ['message'] }),
      // Types hidden before any event of theirs arrives.
      filter({ hiddenTypes: ['late', 'tick'] }),
      filter({ hiddenTypes: ['late'], showComments: true }),
    ];
    for (let seed = 1; seed <= 20; seed++) {
      const random = seeded(seed);
      const log = new RecordLog(300);
      const scheduler = manualScheduler(40);
      const index = new ViewIndex(log, () => undefined, DEFAULT_FILTER, scheduler);
      let seq = 0;
      for (let step = 0; step < 200; step++) {
        const roll = random();
        if (roll < 0.4) {
          for (let n = Math.floor(random() * 60); n > 0; n--) {
            // Now and then a type first seen while a filter is in force (or a scan runs).
            const next = record(++seq, random);
            log.push(next.kind === 'event' && random() < 0.05 ? { ...next, type: 'late' } : next);
            index.appended(log.atPos(log.endPos - 1) as StreamRecord, log.endPos - 1);
          }
        } else if (roll < 0.8) {
          index.setFilter(filters[Math.floor(random() * filters.length)]);
        } else if (roll < 0.97) {
          scheduler.runOne();
        } else {
          log.clear();
          index.reset();
        }
        if (index.progress === undefined) {
          assert.deepEqual(positions(index), expected(log, index.filter), `seed ${seed}, step ${step}, filter ${JSON.stringify(index.filter)}`);
        }
      }
      scheduler.runAll();
      assert.deepEqual(positions(index), expected(log, index.filter), `seed ${seed} at the end`);
      index.dispose();
    }
  });
});

describe('ViewIndex: filters without a search read the type column, not the records', () => {
  it('toggles a type with no record read, and still equals a full scan', () => {
    const { log, index } = loggedIndex(7);
    for (const next of [filter({ hiddenTypes: ['tick'] }), filter({ hiddenTypes: ['price'], showComments: true }), filter({ hiddenTypes: ['nothing-yet'] })]) {
      log.reads = 0;
      index.setFilter(next);
      assert.equal(log.reads, 0, `${JSON.stringify(next.hiddenTypes)}: no record read`);
      assert.deepEqual(positions(index), expected(log, next));
    }
    // A search needs the records again.
    log.reads = 0;
    index.setFilter(filter({ search: 'beta', hiddenTypes: ['nothing-yet'] }));
    assert.ok(log.reads > 0);
    assert.deepEqual(positions(index), expected(log, filter({ search: 'beta', hiddenTypes: ['nothing-yet'] })));
  });

  it('stops answering once a stream has invented more types than it numbers, and filters stay right', () => {
    const log = countingLog(500);
    const index = new ViewIndex(log, () => undefined, DEFAULT_FILTER, manualScheduler(1e9));
    const hidden = filter({ hiddenTypes: ['t7'] });
    index.setFilter(hidden);
    for (let seq = 1; seq <= MAX_COLUMN_TYPES * 2; seq++) {
      // Every event a type of its own, now and then one seen before.
      const type = seq % 5 === 0 ? 't7' : `t${seq}`;
      log.push({ kind: 'event', seq, time: seq, type, data: String(seq), lastEventId: '', size: 1 });
      index.appended(log.atPos(log.endPos - 1) as StreamRecord, log.endPos - 1);
    }
    assert.deepEqual(positions(index), expected(log, hidden));
    log.reads = 0;
    index.setFilter(DEFAULT_FILTER);
    index.setFilter(filter({ hiddenTypes: ['t7', 't8001'] }));
    assert.ok(log.reads > 0, 'the records are tested again');
    assert.deepEqual(positions(index), expected(log, filter({ hiddenTypes: ['t7', 't8001'] })));
    // Emptied, the log numbers types afresh and the column answers again.
    log.clear();
    index.reset();
    for (let seq = 1; seq <= 50; seq++) {
      log.push({ kind: 'event', seq, time: seq, type: `t${seq % 3}`, data: String(seq), lastEventId: '', size: 1 });
      index.appended(log.atPos(log.endPos - 1) as StreamRecord, log.endPos - 1);
    }
    log.reads = 0;
    index.setFilter(filter({ hiddenTypes: ['t1'] }));
    assert.equal(log.reads, 0);
    assert.deepEqual(positions(index), expected(log, filter({ hiddenTypes: ['t1'] })));
  });

  it('a scan that runs while the column fills up finishes as a full scan would', () => {
    const log = new RecordLog(500);
    // Every look at the clock ends a slice: the scan moves a few records at a time.
    const scheduler = manualScheduler(1);
    const index = new ViewIndex(log, () => undefined, DEFAULT_FILTER, scheduler);
    const add = (seq: number, type: string): void => {
      log.push({ kind: 'event', seq, time: seq, type, data: String(seq), lastEventId: '', size: 1 });
      index.appended(log.atPos(log.endPos - 1) as StreamRecord, log.endPos - 1);
    };
    for (let seq = 1; seq <= 400; seq++) add(seq, `t${seq % 3}`);
    index.setFilter(filter({ hiddenTypes: ['t1'] }));
    assert.notEqual(index.progress, undefined, 'the scan is still running');
    for (let seq = 401; seq <= 400 + 2 * MAX_COLUMN_TYPES; seq++) add(seq, seq % 7 === 0 ? 't1' : `new${seq}`);
    scheduler.runAll();
    assert.deepEqual(positions(index), expected(log, filter({ hiddenTypes: ['t1'] })));
  });
});

describe('ViewIndex: a plain-text search passes over sealed blocks where nothing can match', () => {
  /** Plain events only (what a live stream mostly logs), with rare words in a few places. */
  function plainLog(): ReturnType<typeof countingLog> {
    const log = countingLog(10_000);
    for (let seq = 1; seq <= 3000; seq++) {
      const data = seq === 700 ? `{"rare":"Needle ${seq}"}` : `{"n":${seq},"label":"item-${seq % 97}"}`;
      const type = seq === 1900 ? 'needle.type' : 'message';
      const id = seq === 2500 ? 'id-needle' : String(seq);
      log.push({ kind: 'event', seq, time: seq, type, data, lastEventId: id, id, size: data.length });
    }
    // A comment in the last sealed block: that block is tested record by record.
    log.push({ kind: 'comment', seq: 3001, time: 3001, text: 'needle in a comment' });
    return log;
  }

  it('finds what a full scan finds, in data, type and id, whatever the case', () => {
    const log = plainLog();
    const index = new ViewIndex(log, () => undefined, DEFAULT_FILTER, manualScheduler(1e9));
    for (const f of [
      filter({ search: 'needle' }),
      filter({ search: 'Needle', caseSensitive: true }),
      filter({ search: 'needle', showComments: true }),
      filter({ search: 'item-42' }),
      filter({ search: 'nothing here' }),
      // A regular expression sees where fields end: no block is passed over.
      filter({ search: '^id-', regex: true }),
      // Across the end of one field and the start of the next: in the joined text, never in a record.
      filter({ search: '"}700' }),
    ]) {
      index.setFilter(f);
      assert.deepEqual(positions(index), expected(log, f), JSON.stringify(f));
    }
  });

  it('reads only the records of blocks that may hold a match', () => {
    const log = plainLog();
    const index = new ViewIndex(log, () => undefined, DEFAULT_FILTER, manualScheduler(1e9));
    log.reads = 0;
    index.setFilter(filter({ search: 'needle' }));
    assert.deepEqual(positions(index), [699, 1899, 2499]);
    // Three sealed blocks with a match, the open tail (3001 - 11 × 256 = 185 records) read one by one.
    assert.ok(log.reads <= 3 * 256 + 256, `${log.reads} reads of 3,001`);
    log.reads = 0;
    index.setFilter(filter({ search: '^needle', regex: true }));
    assert.ok(log.reads >= 3000, `a regular expression reads every record: ${log.reads}`);
  });
});
