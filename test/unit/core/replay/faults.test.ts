import assert from 'node:assert/strict';
import { applyFault, describeFaults, FaultError, faultsFromQuery, type Faults } from '../../../../src/core/replay/faults';
import { normalisePath, routesFor } from '../../../../src/core/replay/routes';

describe('replay faults and routes', () => {
  it('reads every fault from a query string over the server defaults', () => {
    const faults = faultsFromQuery(
      { gzip: true, dropAfter: 9 },
      new URLSearchParams('drop-after=3&chunk-bytes=random&line-endings=CR&bom&stall-after=2:1.5&fail-first=1:503&gzip=0&other=1'),
    );
    assert.deepEqual(faults, { gzip: false, dropAfter: 3, chunkBytes: 'random', lineEndings: 'cr', bom: true, stallAfter: { events: 2, seconds: 1.5 }, failFirst: { count: 1, status: 503 } });
    assert.deepEqual(describeFaults(faults), ['drop-after 3', 'chunk-bytes random', 'line-endings cr', 'bom', 'stall-after 2:1.5', 'fail-first 1:503']);
  });

  const bad: Array<[Parameters<typeof applyFault>[1], string, RegExp]> = [
    ['drop-after', '-1', /drop-after takes a whole number >= 0/],
    ['chunk-bytes', '0', /chunk-bytes \(or "random"\) takes a whole number >= 1/],
    ['line-endings', 'crlf2', /lf, crlf or cr/],
    ['bom', 'maybe', /on or off/],
    ['stall-after', '3', /EVENTS:SECONDS/],
    ['stall-after', '3:-1', /EVENTS:SECONDS/],
    ['fail-first', '2', /COUNT:STATUS/],
    ['fail-first', '2:99', /whole number >= 200/],
    ['fail-first', '2:600', /from 200 to 599/],
  ];
  for (const [name, value, message] of bad) {
    it(`refuses ${name}=${value}`, () => {
      const faults: Faults = {};
      assert.throws(() => applyFault(faults, name, value), (e: unknown) => e instanceof FaultError && message.test(e.message));
    });
  }

  it('puts one recording at every path, several at /<file name>, unique', () => {
    assert.deepEqual(routesFor(['a.ndjson']), [undefined]);
    assert.deepEqual(routesFor(['a.ndjson'], 'events/'), ['/events']);
    assert.deepEqual(routesFor(['x/chat run.ndjson', 'y/chat run.ndjson', 'b.json'], '/mock'), ['/mock/chat-run', '/mock/chat-run-2', '/mock/b']);
    assert.deepEqual(routesFor(['a.ndjson', 'b.ndjson'], '/'), ['/a', '/b']);
    assert.equal(normalisePath('/'), '/');
  });
});
