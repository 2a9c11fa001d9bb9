/**
 * Every fault of the replay server against two clients others could use: the core SseClient and
 * the `eventsource` npm package (Chromium's own EventSource: browser.test.ts). A fault that is
 * legal per the spec must leave the events exactly as recorded; the others must fail or resume
 * the way the spec says.
 */
import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { coreEvents, eventsourceEvents } from './clients';
import { FAULT_CASES, FIXTURE_EVENTS, FIXTURE_TYPES, fixtureRecords, serveRecords, type Served } from './fixture';

/** The raw body bytes of one GET (undecoded), and the status; resolves also when the socket is cut. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer; aborted: boolean; reads: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => (aborted = true));
      res.on('error', () => (aborted = true));
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), aborted: aborted || !res.complete, reads: chunks.length }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('replay faults, with the core client and the eventsource package', () => {
  let served: Served;
  before(async () => {
    served = await serveRecords(fixtureRecords(10), { speed: 1 });
  });
  after(() => served.close());

  it('serves the recording as recorded without faults', async () => {
    assert.deepEqual((await coreEvents(served.url, 5)).events, FIXTURE_EVENTS);
    assert.deepEqual((await eventsourceEvents(served.url, FIXTURE_TYPES, 5)).events, FIXTURE_EVENTS);
  });

  for (const { name, query } of FAULT_CASES) {
    it(`${name}: the same events for both clients`, async () => {
      const url = `${served.url}?${query}`;
      const core = await coreEvents(url, 5);
      assert.deepEqual(core.events, FIXTURE_EVENTS, 'core client');
      const crOnly = query.includes('line-endings=cr');
      const viaPackage = (await eventsourceEvents(url, FIXTURE_TYPES, 5, crOnly ? 1500 : 10000)).events;
      if (crOnly && viaPackage.length === 4) {
        // eventsource 3 parses with eventsource-parser 3, which holds back a CR that ends the
        // stream and so loses the last event (shared/notes/eventsource-parser.md): its bug, which
        // this fault exists to show. Everything before it must be right.
        assert.deepEqual(viaPackage, FIXTURE_EVENTS.slice(0, 4), 'eventsource package');
      } else {
        assert.deepEqual(viaPackage, FIXTURE_EVENTS, 'eventsource package');
      }
      if (query.startsWith('stall-after')) {
        assert.ok(core.times[2] - core.times[1] >= 290, `no stall between events 2 and 3: ${core.times[2] - core.times[1]} ms`);
      }
    });
  }

  it('chunk-bytes 1 sends every byte in its own write (the client sees many chunks)', async () => {
    const raw = await rawGet(`${served.url}?chunk-bytes=1`);
    const plain = await rawGet(served.url);
    assert.deepEqual(raw.body, plain.body, 'same bytes, only cut differently');
    // Each byte is its own HTTP chunk, sent at least 1 ms after the one before: nearly every one
    // reaches the client in a read of its own (a busy machine may still merge a few).
    assert.ok(raw.reads >= raw.body.length * 0.8, `${raw.reads} reads for ${raw.body.length} bytes`);
  });

  it('line-endings, bom and gzip change the bytes as asked', async () => {
    const cr = (await rawGet(`${served.url}?line-endings=cr`)).body.toString('utf8');
    assert.ok(!cr.includes('\n') && cr.includes('\r\r'), 'CR only');
    const crlf = (await rawGet(`${served.url}?line-endings=crlf`)).body.toString('utf8');
    assert.equal(crlf.replace(/\r\n/g, '').includes('\n') || crlf.replace(/\r\n/g, '').includes('\r'), false, 'CRLF only');
    const bom = await rawGet(`${served.url}?bom=1`);
    assert.deepEqual([...bom.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const gz = await rawGet(`${served.url}?gzip=1`);
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual([...gz.body.subarray(0, 2)], [0x1f, 0x8b]);
  });

  it('drop-after 2: half of event 3, the socket cut; both clients resume by Last-Event-ID without loss or repeat', async () => {
    const raw = await rawGet(`${served.url}?drop-after=2`);
    assert.ok(raw.aborted, 'the response ended cleanly instead of being cut');
    const full = (await rawGet(served.url)).body;
    const third = 'event: delta\nid: 3\n';
    const at = full.indexOf(third);
    const thirdBytes = full.subarray(at, full.indexOf('\n\n', at) + 2);
    assert.deepEqual(raw.body, Buffer.concat([full.subarray(0, at), thirdBytes.subarray(0, Math.floor(thirdBytes.length / 2))]));

    const core = await coreEvents(`${served.url}?drop-after=2`, 5, { reconnect: true });
    assert.deepEqual(core.events, FIXTURE_EVENTS, 'core client');
    const sent = core.records.filter((r) => r.kind === 'connecting').map((r) => (r.kind === 'connecting' ? r.lastEventId : undefined));
    assert.deepEqual(sent, [undefined, '2', '4']);
    assert.deepEqual((await eventsourceEvents(`${served.url}?drop-after=2`, FIXTURE_TYPES, 5)).events, FIXTURE_EVENTS, 'eventsource package');
  });

  it('drop-after cuts inside a multi-byte character, and the client drops the broken event', async () => {
    // Event 4 starts with a 4-byte emoji right after "data: ": dropping after 3 events halves it.
    const core = await coreEvents(`${served.url}?drop-after=3&chunk-bytes=random`, 5, { reconnect: true });
    assert.deepEqual(core.events, FIXTURE_EVENTS);
  });

  it('fail-first 2:503: an HTML error twice (no reconnect, as the spec says), then the stream', async () => {
    const url = `${served.url}?fail-first=2:503&case=core`;
    const first = await coreEvents(url, 5, { reconnect: true });
    assert.deepEqual(first.events, []);
    const error = first.records.find((r) => r.kind === 'error');
    assert.ok(error && error.kind === 'error');
    assert.equal(error.status, 503);
    assert.match(error.bodyPreview ?? '', /<html>/);
    assert.equal(error.willReconnect, false);
    assert.equal((await coreEvents(url, 5)).events.length, 0);
    assert.deepEqual((await coreEvents(url, 5)).events, FIXTURE_EVENTS);

    const esUrl = `${served.url}?fail-first=1:502&case=es`;
    const failed = await eventsourceEvents(esUrl, FIXTURE_TYPES, 5);
    assert.deepEqual(failed.events, []);
    assert.match(failed.errors.join(' '), /502/);
    assert.deepEqual((await eventsourceEvents(esUrl, FIXTURE_TYPES, 5)).events, FIXTURE_EVENTS);
  });

  it('resumes after the first event with the Last-Event-ID; an unknown id starts over', async () => {
    assert.deepEqual((await coreEvents(served.url, 3, { lastEventId: '2' })).events, FIXTURE_EVENTS.slice(2));
    assert.deepEqual((await coreEvents(served.url, 5, { lastEventId: 'nope' })).events, FIXTURE_EVENTS);
  });

  it('answers any method and path, CORS preflight included', async () => {
    assert.deepEqual((await coreEvents(`${served.url}some/where`, 5, { method: 'POST', body: '{"q":1}' })).events, FIXTURE_EVENTS);
    const preflight = await fetch(served.url, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'last-event-id' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /last-event-id/i);
    const get = await rawGet(served.url, { Origin: 'http://localhost:5173' });
    assert.equal(get.headers['access-control-allow-origin'], 'http://localhost:5173');
    assert.match(String(get.headers['content-type']), /^text\/event-stream/);
  });

  it('a bad fault value is a 400 that says what to write', async () => {
    const res = await rawGet(`${served.url}?line-endings=lfcr`);
    assert.equal(res.status, 400);
    assert.match(res.body.toString(), /line-endings is lf, crlf or cr/);
  });

  it('counts clients while they stream', async () => {
    const counts: number[] = [];
    const off = served.server.onClients((n) => counts.push(n));
    await coreEvents(served.url, 5);
    off();
    assert.equal(Math.max(...counts), 1);
    assert.equal(counts[counts.length - 1], 0);
  });
});

describe('replay server options', () => {
  it('narrows to a path, loops with ids repeating, and closes its port', async () => {
    const served = await serveRecords(fixtureRecords(2), { speed: 0, loop: true }, '/events');
    try {
      assert.equal(served.url.endsWith('/events'), true);
      assert.equal((await rawGet(served.url.replace('/events', '/other'))).status, 404);
      const looped = await coreEvents(served.url, 12);
      assert.deepEqual(looped.events.map((e) => e.id), ['1', '2', '3', '4', '5', '1', '2', '3', '4', '5', '1', '2']);
    } finally {
      await served.close();
    }
    await assert.rejects(fetch(served.url), 'the port is still open');
  });

  it('--speed scales the gaps; 0 sends at once', async () => {
    const slow = await serveRecords(fixtureRecords(60), { speed: 2 });
    const fast = await serveRecords(fixtureRecords(60), { speed: 0 });
    try {
      const halved = await coreEvents(slow.url, 5);
      // Four recorded gaps of 60 ms take 120 ms at speed 2 (single gaps jitter on a busy machine).
      const span = halved.times[4] - halved.times[0];
      assert.ok(span >= 100 && span < 200, `4 gaps took ${span} ms at speed 2 (recorded 240 ms)`);
      const instant = await coreEvents(fast.url, 5);
      assert.ok(instant.times[4] - instant.times[0] < 50, 'speed 0 waited');
    } finally {
      await slow.close();
      await fast.close();
    }
  });
});
