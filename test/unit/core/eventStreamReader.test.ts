import assert from 'node:assert/strict';
import { EventStreamReader } from '../../../src/core/eventStreamReader';
import { bytes, read, splits, type Output } from './streamHarness';

/** Asserts that `input` yields `expected` however it is split into chunks. */
function expectEverySplit(input: string | Uint8Array, expected: Output[], maxEventBytes?: number): void {
  for (const { label, chunks } of splits(input)) {
    assert.deepEqual(read(chunks, maxEventBytes), expected, `input ${JSON.stringify(Buffer.from(bytes(input)).toString())} (${label})`);
  }
}

const ev = (data: string, extra: Partial<Extract<Output, { event: string }>> = {}): Output => ({
  event: 'message',
  data,
  lastEventId: '',
  size: Buffer.byteLength(data),
  ...extra,
});

describe('EventStreamReader (WHATWG event stream parsing, split at every byte boundary)', () => {
  it('dispatches a simple event with the default type "message"', () => {
    expectEverySplit('data: hello\n\n', [ev('hello')]);
  });

  it('strips exactly one leading BOM; a second one spoils the first field name', () => {
    expectEverySplit('\uFEFFdata: a\n\n', [ev('a')]);
    expectEverySplit('\uFEFF\uFEFFdata: a\n\ndata: b\n\n', [ev('b')]);
    // A BOM later in the stream is ordinary text.
    expectEverySplit('data: a\n\n\uFEFFdata: b\n\n', [ev('a')]);
  });

  it('accepts CR, LF and CRLF line endings, mixed, also a CRLF split between chunks', () => {
    expectEverySplit('data: a\rdata: b\r\r', [ev('a\nb')]);
    expectEverySplit('data: a\r\ndata: b\r\n\r\n', [ev('a\nb')]);
    expectEverySplit('data: 1\n\ndata: 2\r\rdata: 3\r\n\r\ndata: 4\r\n\ndata: 5\n\r\n', [ev('1'), ev('2'), ev('3'), ev('4'), ev('5')]);
    // CR LF is one terminator, never a blank line: no event between the two data lines.
    expectEverySplit('data: a\r\ndata: b\r\n\r\n', [ev('a\nb')]);
  });

  it('reports comments without the colon and one space', () => {
    expectEverySplit(': heartbeat\n:no space\n:  two spaces\n:\ndata: x\n\n', [
      { comment: 'heartbeat' },
      { comment: 'no space' },
      { comment: ' two spaces' },
      { comment: '' },
      ev('x'),
    ]);
  });

  it('parses fields as the spec says: one optional space, no colon means an empty value, case matters', () => {
    expectEverySplit('data:no space\n\n', [ev('no space')]);
    expectEverySplit('data:  two\n\n', [ev(' two')]);
    expectEverySplit('data\n\n', [ev('')]);
    expectEverySplit('data:\n\n', [ev('')]);
    expectEverySplit('data: a: b\n\n', [ev('a: b')]);
    expectEverySplit('Data: x\n\nDATA: y\n\n', []);
    expectEverySplit('foo: bar\ndata: x\nbaz\n\n', [ev('x')]);
    expectEverySplit('event\ndata: x\n\n', [ev('x')]);
  });

  it('joins data lines with LF and keeps an empty last line', () => {
    expectEverySplit('data: a\ndata: b\ndata:\n\n', [ev('a\nb\n')]);
    expectEverySplit('data\ndata\n\n', [ev('\n')]);
  });

  it('dispatches nothing for a block without data', () => {
    expectEverySplit('event: x\n\n: c\n\nretry: x\n\n\n\n', [{ comment: 'c' }]);
  });

  it('takes the event type from the block and resets it after each event', () => {
    expectEverySplit('event: tick\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\nevent: a\nevent: b\ndata: 4\n\n', [
      ev('1', { event: 'tick' }),
      ev('2'),
      ev('3'),
      ev('4', { event: 'b' }),
    ]);
  });

  it('keeps lastEventId across events, reports the block id only when present, and lets an id-only block update it', () => {
    expectEverySplit('id: 1\ndata: a\n\ndata: b\n\nid: 7\n\ndata: c\n\nid\ndata: d\n\n', [
      ev('a', { id: '1', lastEventId: '1' }),
      ev('b', { lastEventId: '1' }),
      ev('c', { lastEventId: '7' }),
      ev('d', { id: '', lastEventId: '' }),
    ]);
  });

  it('ignores an id that contains U+0000', () => {
    expectEverySplit('id: 1\n\nid: a\u0000b\ndata: x\n\n', [ev('x', { lastEventId: '1' })]);
  });

  it('accepts retry only when it is all ASCII digits', () => {
    expectEverySplit('retry: 1500\nretry: 15a\nretry: -1\nretry: 1.5\nretry:\nretry: \u0661\u0662\nretry: 0\nretry:  7\n\n', [
      { retry: 1500 },
      { retry: 0 },
    ]);
  });

  it('drops an unterminated last block at the end of the stream', () => {
    expectEverySplit('data: a\n\ndata: b\n', [ev('a')]);
    expectEverySplit('data: a\n\ndata: b', [ev('a')]);
    expectEverySplit('data: a\n\ndata: b\r', [ev('a')]);
  });

  it('starts over for each stream: nothing of a broken block leaks into the next response', () => {
    assert.deepEqual(read([bytes('data: cut'), bytes('')]), []);
    // Same reader, two streams: the second stream's BOM is stripped again.
    const out: Output[] = [];
    const reader = new EventStreamReader({
      onEvent: (type, data, _id, size) => out.push({ event: type, data, lastEventId: '', size }),
      onId: () => undefined,
      onComment: () => undefined,
      onRetry: () => undefined,
    });
    reader.write(bytes('data: half'));
    reader.reset();
    reader.write(bytes('\uFEFFdata: whole\n\n'));
    assert.deepEqual(out, [ev('whole')]);
  });

  it('decodes UTF-8 split anywhere and measures sizes in bytes', () => {
    expectEverySplit('data: é€😀\n\n', [ev('é€😀')]);
    assert.equal(read([bytes('data: é€😀\n\n')])[0] && (read([bytes('data: é€😀\n\n')])[0] as { size: number }).size, 9);
  });

  it('turns invalid bytes into U+FFFD', () => {
    const input = Buffer.concat([bytes('data: a'), Buffer.from([0xff, 0xc3]), bytes('\n\n')]);
    expectEverySplit(input, [ev('a\uFFFD\uFFFD')]);
  });
});

describe('EventStreamReader size limit', () => {
  it('cuts data at the limit and reports the real size', () => {
    expectEverySplit('data: 0123456789abcdef\n\ndata: ok\n\n', [
      { event: 'message', data: '0123456789', lastEventId: '', size: 16, truncated: true },
      ev('ok'),
    ], 10);
  });

  it('keeps data that is exactly at the limit', () => {
    expectEverySplit('data: 0123456789\n\n', [ev('0123456789')], 10);
  });

  it('never cuts a character in two', () => {
    expectEverySplit('data: ééé\n\n', [{ event: 'message', data: 'éé', lastEventId: '', size: 6, truncated: true }], 5);
  });

  it('cuts a block that grows across many chunks, keeping its type, id and the events after it', () => {
    const big = 'x'.repeat(1500);
    const input = `event: big\nid: 9\ndata: ${big}\r\ndata: ${big}\r\n: inside\rretry: 40\n\ndata: after\n\n`;
    const expected: Output[] = [
      { comment: 'inside' },
      { retry: 40 },
      { event: 'big', data: 'x'.repeat(100), lastEventId: '9', id: '9', size: 3001, truncated: true },
      ev('after', { lastEventId: '9' }),
    ];
    for (const { label, chunks } of splits(input)) {
      if (label === 'byte by byte' || label.startsWith('cut at')) assert.deepEqual(read(chunks, 100), expected, label);
    }
  });

  it('keeps memory bounded for a 64 MiB event, a never-ending line and endless data lines', function () {
    this.timeout(60000);
    const limit = 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'y');
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = 0;
    const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore));

    // One 64 MiB data line, then the end of the block.
    const out: Output[] = [];
    const sink = {
      onEvent: (type: string, data: string, _id: string | undefined, size: number, truncated: boolean) =>
        out.push({ event: type, data: data.slice(0, 3) + `…(${data.length})`, lastEventId: '', size, ...(truncated ? { truncated: true as const } : {}) }),
      onId: () => undefined,
      onComment: () => undefined,
      onRetry: () => undefined,
    };
    const reader = new EventStreamReader(sink, limit);
    reader.write(bytes('data: '));
    for (let i = 0; i < 1024; i++) {
      reader.write(chunk);
      if (i % 64 === 0) sample();
    }
    reader.write(bytes('\ndata: z\n\n'));
    assert.deepEqual(out, [{ event: 'message', data: `yyy…(${limit})`, lastEventId: '', size: 64 * 1024 * 1024 + 2, truncated: true }]);

    // A line that never ends, and a block of data lines that never ends: nothing to dispatch, memory flat.
    reader.reset();
    reader.write(bytes(': '));
    for (let i = 0; i < 512; i++) reader.write(chunk);
    sample();
    reader.reset();
    const lines = Buffer.from('data: 0123456789\n'.repeat(4096));
    for (let i = 0; i < 512; i++) {
      reader.write(lines);
      if (i % 64 === 0) sample();
    }
    reader.reset();
    assert.ok(peak < 48 * 1024 * 1024, `heap grew by ${(peak / 1048576).toFixed(1)} MiB while reading ~100 MiB`);
  });
});
