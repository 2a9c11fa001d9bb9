/** Save as Check: the check drafted from a stream's records passes against that same stream. */
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { draftCheck, roundUpNicely } from '../../../../src/core/checks/draft';
import { inferSchema } from '../../../../src/core/checks/inferSchema';
import { parseCheckFile } from '../../../../src/core/checks/parse';
import { runCheck } from '../../../../src/core/checks/runner';
import { runStream } from '../../../../src/core/checks/streamRun';
import { SseTestServer, sse } from '../../../support/sseServer';

describe('Save as Check: drafts', function () {
  this.timeout(15_000);
  let server: SseTestServer;
  beforeEach(async () => {
    server = await SseTestServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('infers schemas: required where every object had the key, types merged', () => {
    assert.deepEqual(inferSchema([{ a: 1, b: 'x' }, { a: 2.5 }, { a: 3, c: [1, null] }]), {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'string' }, c: { type: 'array', items: { type: ['integer', 'null'] } } },
      required: ['a'],
    });
  });

  it('rounds times up to 1, 2 or 5 times a power of ten', () => {
    assert.deepEqual([0, 99, 100, 101, 130, 250, 2300, 7000].map(roundUpNicely), [100, 100, 100, 200, 200, 500, 5000, 10000]);
  });

  it('a drafted check passes the stream it was drafted from (types, counts, schemas, ids, first event)', async () => {
    const chunks = [
      'id: 1\nevent: start\ndata: {"id":"r1","model":"m"}\n\n',
      ...[2, 3, 4].map((n) => `id: ${n}\nevent: token\ndata: {"text":"t${n}","index":${n}}\n\n`),
      ': keepalive\n\n',
      'id: 5\nevent: usage\ndata: {"tokens":3,"extra":{"cached":false}}\n\n',
      'id: 6\ndata: plain text\n\n',
    ];
    server.route('/llm', sse([{ delayMs: 40 }, ...chunks]));
    const recorded = await runStream({ url: server.url('/llm') }, { ms: 5000 });
    const draft = draftCheck({ name: 'llm stream', url: server.url('/llm'), headers: { Authorization: '${env:AUTHORIZATION}' } }, recorded.records);
    assert.ok('yaml' in draft, JSON.stringify(draft));
    const data = parse(draft.yaml) as { checks: { expect: { events: { type: string; count: number; json?: unknown }[]; ids: string; firstEventWithinMs: number }; stop: { events: number } }[] };
    const [check] = data.checks;
    assert.deepEqual(check.expect.events.map((s) => [s.type, s.count, s.json !== undefined]), [['start', 1, true], ['token', 3, true], ['usage', 1, true], ['message', 1, false]]);
    assert.equal(check.expect.ids, 'increasing');
    assert.equal(check.stop.events, 6);
    assert.ok(check.expect.firstEventWithinMs >= 100);
    const file = parseCheckFile(draft.yaml, 'drafted.ssecheck.yaml', { AUTHORIZATION: 'Bearer x' });
    assert.deepEqual(file.problems, []);
    const result = await runCheck(file.checks[0]);
    assert.deepEqual(result.failures, []);
    assert.equal(result.outcome, 'passed');
    assert.equal(server.requests('/llm')[1].headers.authorization, 'Bearer x');
    // ...and it is not vacuous: a stream that changes shape fails it.
    server.route('/llm', sse([chunks[0], 'id: 2\nevent: token\ndata: {"text":2}\n\n']));
    assert.equal((await runCheck(file.checks[0])).outcome, 'failed');
  });

  it('says so when there is nothing to save', () => {
    const draft = draftCheck({ name: 'x', url: 'http://h/' }, []);
    assert.match('error' in draft ? draft.error : '', /no events yet/);
  });
});
