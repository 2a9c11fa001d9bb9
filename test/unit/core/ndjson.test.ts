import assert from 'node:assert/strict';
import { formatRecordLine, parseRecording } from '../../../src/core/ndjson';
import type { StreamRecord } from '../../../src/shared/records';

const records: StreamRecord[] = [
  { kind: 'connecting', seq: 1, time: 1, url: 'http://x.test/', method: 'GET', requestHeaders: {}, attempt: 0 },
  { kind: 'open', seq: 2, time: 2, url: 'http://x.test/', status: 200, statusText: 'OK', headers: {}, redirected: false },
  { kind: 'event', seq: 3, time: 3, type: 'message', data: 'line1\nline2 "quoted" é', lastEventId: '1', id: '1', size: 23 },
  { kind: 'comment', seq: 4, time: 4, text: 'hb' },
  { kind: 'retry', seq: 5, time: 5, retry: 100 },
  { kind: 'error', seq: 6, time: 6, message: 'm', code: 'ENDED', willReconnect: true, reconnectInMs: 100, reconnectAt: 106 },
  { kind: 'closed', seq: 7, time: 7, reason: 'stopped', message: 'Stopped' },
];

describe('NDJSON recordings', () => {
  it('writes one line per record and reads them back unchanged', () => {
    const text = records.map(formatRecordLine).join('');
    assert.equal(text.split('\n').length, records.length + 1);
    assert.ok(formatRecordLine(records[2]).endsWith('}\n'));
    assert.deepEqual(parseRecording(text), { records, captures: [], annotations: [], problems: [] });
  });

  it('tolerates blank lines, CRLF and a BOM', () => {
    const text = '\uFEFF' + records.map((r) => JSON.stringify(r)).join('\r\n\r\n  \r\n') + '\r\n';
    assert.deepEqual(parseRecording(text), { records, captures: [], annotations: [], problems: [] });
  });

  it('reports bad lines by number and keeps the good ones', () => {
    const lines = [
      JSON.stringify(records[0]),
      '{not json',
      JSON.stringify({ kind: 'bogus', seq: 1, time: 1 }),
      '[1,2]',
      JSON.stringify({ kind: 'event', seq: 2, time: 2, type: 'message', lastEventId: '' }),
      JSON.stringify(records[6]),
    ];
    const { records: read, problems } = parseRecording(lines.join('\n'));
    assert.deepEqual(read, [records[0], records[6]]);
    assert.equal(problems.length, 4);
    assert.match(problems[0], /^line 2: not valid JSON/);
    assert.match(problems[1], /^line 3: "kind" must be one of event, comment/);
    assert.match(problems[2], /^line 4: not a JSON object/);
    assert.match(problems[3], /^line 5: an event record needs "data" \(string\)/);
  });

  it('reads a capture file: capture records apart, stream records with their stream number', () => {
    const capture = { kind: 'capture', seq: 1, time: 1, stream: 1, method: 'GET', url: 'http://x.test/e', status: 200, contentType: 'text/event-stream', requestHeaders: {}, headers: {} };
    const event = { kind: 'event', seq: 2, time: 2, stream: 1, type: 'message', data: 'd', lastEventId: '', size: 1 };
    const { records, captures, problems } = parseRecording([capture, event].map((r) => JSON.stringify(r)).join('\n'));
    assert.deepEqual(problems, []);
    assert.deepEqual(captures, [capture]);
    assert.deepEqual(records, [event]);
  });

  it('names what a bad capture record lacks, and a bad stream number', () => {
    const { problems } = parseRecording(
      [
        '{"kind":"capture","seq":1,"time":1,"stream":1,"method":"GET","url":"u","contentType":"","requestHeaders":{},"headers":{}}',
        '{"kind":"comment","seq":2,"time":2,"stream":0,"text":"x"}',
      ].join('\n'),
    );
    assert.match(problems[0], /^line 1: a capture record needs "status" \(number\)/);
    assert.match(problems[1], /^line 2: "stream" must be a whole number >= 1/);
  });
});
