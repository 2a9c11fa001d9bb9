import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonArrayEntries } from '../../../src/core/jsonArrayEntries';
import { readRecordingFile } from '../../../src/core/recordingReader';
import type { StreamRecord } from '../../../src/shared/records';

const event = (seq: number, data = `d${seq}`): StreamRecord => ({ kind: 'event', seq, time: 1000 + seq, type: 'message', data, lastEventId: '', size: data.length });

describe('readRecordingFile: streaming, newest kept', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sse-rec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('keeps the newest records in order and counts the older ones as skipped', async () => {
    const records = Array.from({ length: 10 }, (_, i) => event(i + 1));
    const path = write('a.ndjson', records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const result = await readRecordingFile(path, { keep: 3 });
    assert.deepEqual(result.records.map((r) => r.seq), [8, 9, 10]);
    assert.equal(result.total, 10);
    assert.equal(result.skipped, 7);
    assert.equal(result.problemCount, 0);
    assert.equal(result.cancelled, false);
  });

  it('reads CRLF, a BOM, blank lines and a last line without newline; numbers bad lines', async () => {
    const path = write('b.ndjson', `\uFEFF${JSON.stringify(event(1))}\r\n\r\nnot json\r\n{"kind":"event"}\r\n${JSON.stringify(event(2, 'é'))}`);
    const result = await readRecordingFile(path, { keep: 100 });
    assert.deepEqual(result.records.map((r) => r.seq), [1, 2]);
    assert.equal((result.records[1] as { data: string }).data, 'é');
    assert.equal(result.problemCount, 2);
    assert.match(result.problems[0], /^line 3: not valid JSON/);
    assert.match(result.problems[1], /^line 4: .*needs "seq"/);
  });

  it('reads a pretty-printed JSON array export entry by entry', async () => {
    const records = [event(1, 'a [ { "quoted" } ] \\ b'), event(2), { kind: 'comment', seq: 3, time: 3, text: '}{' }];
    const path = write('c.json', JSON.stringify(records, null, 2));
    const result = await readRecordingFile(path, { keep: 2 });
    assert.deepEqual(result.records, records.slice(1));
    assert.equal(result.total, 3);
    assert.equal(result.skipped, 1);
  });

  it('says when a JSON array ends inside an entry', async () => {
    const path = write('d.json', `[${JSON.stringify(event(1))}, {"kind": "event", "seq"`);
    const result = await readRecordingFile(path, { keep: 5 });
    assert.equal(result.total, 1);
    assert.match(result.problems.join(), /entry 2: the file ends inside it/);
  });

  it('stops when cancelled and reports what it read', async () => {
    const line = JSON.stringify(event(1, 'x'.repeat(1000))) + '\n';
    const path = write('e.ndjson', line.repeat(5000));
    const controller = new AbortController();
    const result = await readRecordingFile(path, {
      keep: 10,
      signal: controller.signal,
      onProgress: (read) => {
        if (read > 0) controller.abort();
      },
    });
    assert.equal(result.cancelled, true);
    assert.ok(result.total < 5000, `stopped early (read ${result.total})`);
  });
});

describe('JsonArrayEntries: top-level entries from pieces', () => {
  it('gives the same entries however the text is split', () => {
    const value = [{ a: '[{"}]', b: [1, { c: '\\"' }] }, 'str,ing', 42, null, { d: {} }];
    const text = JSON.stringify(value, null, 1);
    for (let size = 1; size <= 7; size++) {
      const splitter = new JsonArrayEntries();
      const entries: string[] = [];
      for (let i = 0; i < text.length; i += size) entries.push(...splitter.push(text.slice(i, i + size)));
      assert.deepEqual(entries.map((e) => JSON.parse(e)), value, `pieces of ${size}`);
      assert.equal(splitter.unfinished, false);
    }
  });
});
