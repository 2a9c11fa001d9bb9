/**
 * Every expectation against real local servers built to pass and to break it: each failure
 * names its expectation, what was expected, what came, and the seq of the event at fault.
 */
import assert from 'node:assert/strict';
import { formatFailure } from '../../../../src/core/checks/failure';
import { SseTestServer, reply, sse } from '../../../support/sseServer';
import { firstFailure, runYaml, seqOf } from './checkHarness';

const check = (request: string, rest: string) => `checks:\n  - name: c\n    request: ${request}\n${rest}`;
const at = (path: string, rest: string) => check(`{url: "{url}${path}"}`, rest);

describe('check runner', function () {
  this.timeout(15_000);
  let server: SseTestServer;
  beforeEach(async () => {
    server = await SseTestServer.start();
    server.route('/good', sse(['id: 1\nevent: start\ndata: {"n":1}\n\n', 'id: 2\nevent: token\ndata: {"n":2}\n\n', 'id: 3\nevent: token\ndata: {"n":3}\n\n', 'id: 4\nevent: done\ndata: {"n":4}\n\n']));
  });
  afterEach(async () => {
    await server.close();
  });

  it('passes a stream that meets every expectation', async () => {
    const result = await runYaml(
      server,
      at(
        '/good',
        [
          '    expect:',
          '      status: 200',
          '      contentType: text/event-stream',
          '      firstEventWithinMs: 5000',
          '      maxGapMs: 5000',
          '      endsWithinMs: 5000',
          '      ids: increasing',
          '      events:',
          '        - { type: start, count: 1, withinMs: 5000, id: "^1$" }',
          '        - { type: token, count: { min: 1, max: 5 }, data: "\\"n\\":\\\\d", json: { type: object, properties: { n: { type: integer } }, required: [n] } }',
          '        - { type: done }',
        ].join('\n'),
      ),
    );
    assert.deepEqual(result.failures, []);
    assert.equal(result.outcome, 'passed');
    assert.ok(result.records.some((r) => r.kind === 'closed' && r.reason === 'ended'));
  });

  it('status: expected vs got, and a 4xx the check expects passes', async () => {
    server.route('/500', reply(500, 'boom'));
    const failure = firstFailure(await runYaml(server, at('/500', '    expect:\n      status: 200\n')));
    assert.equal(failure.expectation, 'expect.status');
    assert.equal(failure.expected, 'status 200');
    assert.equal(failure.got, 'status 500');
    assert.deepEqual(failure.place, { line: 5, column: 7 });
    server.route('/401', reply(401, 'no'));
    assert.equal((await runYaml(server, at('/401', '    expect:\n      status: 401\n'))).outcome, 'passed');
  });

  it('a stream that never opens fails at the request even without expectations', async () => {
    server.route('/404', reply(404));
    const failure = firstFailure(await runYaml(server, at('/404', '    expect: {}\n')));
    assert.equal(failure.expectation, 'request');
    assert.match(failure.got, /404/);
  });

  it('contentType', async () => {
    server.route('/text', reply(200, 'data: x\n\n', { 'Content-Type': 'text/plain' }));
    const failure = firstFailure(await runYaml(server, at('/text', '    expect:\n      contentType: text/event-stream\n')));
    assert.equal(failure.expectation, 'expect.contentType');
    assert.equal(failure.got, 'text/plain');
    server.route('/utf8', sse(['data: x\n\n'], { contentType: 'text/event-stream; charset=utf-8' }));
    assert.equal((await runYaml(server, at('/utf8', '    expect:\n      contentType: TEXT/EVENT-STREAM\n'))).outcome, 'passed');
    const param = firstFailure(await runYaml(server, at('/utf8', '    expect:\n      contentType: text/event-stream; charset=latin1\n')));
    assert.equal(param.got, 'text/event-stream; charset=utf-8');
  });

  it('firstEventWithinMs: the late event and its seq', async () => {
    server.route('/late', sse([': hello\n\n', { delayMs: 300 }, 'data: late\n\n']));
    const result = await runYaml(server, at('/late', '    expect:\n      firstEventWithinMs: 100\n'));
    const failure = firstFailure(result);
    assert.equal(failure.expectation, 'expect.firstEventWithinMs');
    assert.equal(failure.expected, 'the first event within 100 ms');
    assert.match(failure.got, /^\d+ ms$/);
    assert.ok(Number.parseInt(failure.got) >= 250);
    assert.equal(failure.seq, seqOf(result, { nth: 1 }));
    const none = firstFailure(await runYaml(server, at('/late', '    stop: { ms: 100 }\n    expect:\n      firstEventWithinMs: 50\n')));
    assert.equal(none.got, 'no event (stop.ms: 100 ms)');
  });

  it('maxGapMs: between events, and the silence before the check stopped', async () => {
    server.route('/gap', sse(['data: 1\n\n', 'data: 2\n\n', { delayMs: 300 }, 'data: 3\n\n']));
    const result = await runYaml(server, at('/gap', '    expect:\n      maxGapMs: 150\n'));
    const failure = firstFailure(result);
    assert.equal(failure.expectation, 'expect.maxGapMs');
    assert.match(failure.got, /^a gap of \d+ ms$/);
    assert.equal(failure.seq, seqOf(result, { nth: 3 }));
    server.route('/stall', sse(['data: 1\n\n'], { end: 'hang' }));
    const stalled = await runYaml(server, at('/stall', '    stop: { ms: 400 }\n    expect:\n      maxGapMs: 150\n'));
    const trailing = firstFailure(stalled);
    assert.match(trailing.got, /^no event for \d+ ms before the check stopped \(stop\.ms: 400 ms\)$/);
    assert.equal(trailing.seq, seqOf(stalled, { nth: 1 }));
  });

  it('endsWithinMs: a stream still open at the stop, and one that ends late', async () => {
    server.route('/open', sse(['data: 1\n\n'], { end: 'hang' }));
    const open = firstFailure(await runYaml(server, at('/open', '    stop: { ms: 300 }\n    expect:\n      endsWithinMs: 200\n')));
    assert.equal(open.expectation, 'expect.endsWithinMs');
    assert.equal(open.got, 'still open when the check stopped (stop.ms: 300 ms)');
    server.route('/slow', sse(['data: 1\n\n', { delayMs: 300 }]));
    const slow = firstFailure(await runYaml(server, at('/slow', '    expect:\n      endsWithinMs: 100\n')));
    assert.match(slow.got, /^ended after \d+ ms$/);
  });

  it('events: too few, then the wrong type, with the seq of the event at fault', async () => {
    const result = await runYaml(server, at('/good', '    expect:\n      events:\n        - type: start\n        - type: token\n          count: 3\n'));
    const failure = firstFailure(result);
    assert.equal(failure.expectation, 'expect.events[1].count');
    assert.equal(failure.expected, 'exactly 3 "token" events');
    assert.equal(failure.got, '2, then a "done" event');
    assert.equal(failure.seq, seqOf(result, { id: '4' }));
    assert.deepEqual(failure.place, { line: 8, column: 11 });
  });

  it('events: the stream ends before a step is met', async () => {
    const failure = firstFailure(await runYaml(server, at('/good', '    expect:\n      events:\n        - { count: 4 }\n        - { type: more }\n')));
    assert.equal(failure.expectation, 'expect.events[1]');
    assert.equal(failure.got, '0 before the stream stopped (the server ended it)');
    assert.equal(failure.seq, undefined);
  });

  it('events: events after the last step fail, unless a last step allows them', async () => {
    const result = await runYaml(server, at('/good', '    expect:\n      events:\n        - { type: start }\n'));
    const failure = firstFailure(result);
    assert.equal(failure.expectation, 'expect.events');
    assert.equal(failure.got, 'a "token" event');
    assert.equal(failure.seq, seqOf(result, { id: '2' }));
    assert.equal((await runYaml(server, at('/good', '    expect:\n      events:\n        - { type: start }\n        - { count: { min: 0 } }\n'))).outcome, 'passed');
  });

  it('events: data regex, id regex, JSON parse and JSON Schema, each at the failing event', async () => {
    const cases: [string, string, string, string][] = [
      ['data: "\\"n\\":[12]\\\\}"', 'expect.events[0].data', '"{\\"n\\":3}"', '3'],
      ['id: "^[12]$"', 'expect.events[0].id', '"3"', '3'],
      ['json: { properties: { n: { maximum: 2 } } }', 'expect.events[0].json', '/n must be <= 2', '3'],
    ];
    for (const [rule, expectation, got, id] of cases) {
      const result = await runYaml(server, at('/good', `    expect:\n      events:\n        - { ${rule} }\n`));
      const failure = firstFailure(result);
      assert.equal(failure.expectation, expectation);
      assert.equal(failure.got, got);
      assert.equal(failure.seq, seqOf(result, { id }));
    }
    server.route('/notjson', sse(['data: {"a":1}\n\n', 'data: nope\n\n']));
    const result = await runYaml(server, at('/notjson', '    expect:\n      events:\n        - json: { type: object }\n'));
    const failure = firstFailure(result);
    assert.equal(failure.expected, 'data that parses as JSON');
    assert.equal(failure.seq, seqOf(result, { nth: 2 }));
  });

  it('events: withinMs of a step', async () => {
    server.route('/slowdone', sse(['event: a\ndata: 1\n\n', { delayMs: 300 }, 'event: done\ndata: 2\n\n']));
    const result = await runYaml(server, at('/slowdone', '    expect:\n      events:\n        - type: a\n        - type: done\n          withinMs: 100\n'));
    const failure = firstFailure(result);
    assert.equal(failure.expectation, 'expect.events[1].withinMs');
    assert.equal(failure.expected, 'the first "done" event within 100 ms');
    assert.equal(failure.seq, seqOf(result, { nth: 2 }));
  });

  it('ids: increasing and unique', async () => {
    server.route('/ids', sse(['id: 1\ndata: a\n\n', 'id: 3\ndata: b\n\n', 'data: no id\n\n', 'id: 2\ndata: c\n\n', 'id: 3\ndata: d\n\n']));
    const inc = await runYaml(server, at('/ids', '    expect:\n      ids: increasing\n'));
    assert.equal(firstFailure(inc).got, 'id "2"');
    assert.equal(firstFailure(inc).expected, 'ids increasing after "3"');
    assert.equal(firstFailure(inc).seq, seqOf(inc, { nth: 4 }));
    const uniq = await runYaml(server, at('/ids', '    expect:\n      ids: unique\n'));
    assert.match(firstFailure(uniq).got, /^id "3" again \(first at seq \d+\)$/);
    assert.equal(firstFailure(uniq).seq, seqOf(uniq, { nth: 5 }));
  });

  it('stop.events cuts the stream; failures are listed in file order and formatted on one line', async () => {
    server.route('/many', sse(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n'], { end: 'hang' }));
    const result = await runYaml(server, at('/many', '    stop: { events: 2 }\n    expect:\n      status: 201\n      events:\n        - { count: 3 }\n'));
    assert.deepEqual(result.failures.map((f) => f.expectation), ['expect.status', 'expect.events[0].count']);
    assert.equal(result.failures[1].got, '2 before the stream stopped (stop.events: 2)');
    assert.equal(formatFailure(result.failures[0]), 'expect.status: expected status 201, got status 200 (seq 2)');
  });

  it('${env:NAME} values reach the server but never a failure or the records', async () => {
    server.route('/s3cret-path', sse(['data: 1\n\n']));
    const result = await runYaml(
      server,
      check('{url: "{url}/${env:PATHPART}", headers: {X-Key: "${env:KEY}"}}', '    expect:\n      status: 201\n'),
      {},
      { PATHPART: 's3cret-path', KEY: 'k3y-value' },
    );
    assert.equal(server.requests('/s3cret-path')[0].headers['x-key'], 'k3y-value');
    // What gets written anywhere: the failures and the records (the check itself stays in memory).
    const written = JSON.stringify([result.failures, result.records]);
    assert.ok(!written.includes('s3cret-path') && !written.includes('k3y-value'), written);
  });

  it('a profile without a resolver (the CLI) is an error; with one it runs', async () => {
    const text = check('{profile: dev}', '    expect: {status: 200}\n');
    const refused = await runYaml(server, text);
    assert.equal(refused.outcome, 'error');
    assert.match(refused.error ?? '', /profile "dev"/);
    const unknown = await runYaml(server, text, { resolveProfile: async (name) => ({ error: `no profile named "${name}"` }) });
    assert.equal(unknown.error, 'no profile named "dev"');
    const ok = await runYaml(server, text, { resolveProfile: async () => ({ url: server.url('/good') }) });
    assert.equal(ok.outcome, 'passed');
  });
});
