/** expect.resume against servers that resume right, repeat the last event, and skip one. */
import assert from 'node:assert/strict';
import { SseTestServer, sse } from '../../../support/sseServer';
import { firstFailure, resumable, runYaml } from './checkHarness';

const yaml = (path: string, extra = '') => `checks:\n  - name: r\n    request: {url: "{url}${path}"}\n${extra}    expect:\n      resume: 3\n`;

describe('check runner: resume', function () {
  this.timeout(15_000);
  let server: SseTestServer;
  beforeEach(async () => {
    server = await SseTestServer.start();
    server.route('/right', resumable(8));
    server.route('/repeat', resumable(8, 'repeat'));
    server.route('/skip', resumable(8, 'skip'));
  });
  afterEach(async () => {
    await server.close();
  });

  it('passes a server that resumes after Last-Event-ID, and sends the id of the cut', async () => {
    const result = await runYaml(server, yaml('/right'));
    assert.deepEqual(result.failures, []);
    const requests = server.requests('/right');
    assert.equal(requests.length, 3, 'the run, the cut, the resume');
    assert.equal(requests[2].headers['last-event-id'], '3');
  });

  it('catches a server that repeats the last event: which id, and the seq of the repeat', async () => {
    const result = await runYaml(server, yaml('/repeat'));
    const failure = firstFailure(result);
    assert.equal(failure.expectation, 'expect.resume');
    assert.equal(failure.got, 'repeated id "3"');
    const repeat = result.records.filter((r) => r.kind === 'event' && r.id === '3')[2];
    assert.ok(repeat);
    assert.equal(failure.seq, repeat.seq);
    assert.match(failure.detail ?? '', /Last-Event-ID "3"; ids after the resume: "3", "4"/);
  });

  it('catches a server that skips an event: which id was lost, and the seq after the gap', async () => {
    const result = await runYaml(server, yaml('/skip'));
    const failure = firstFailure(result);
    assert.equal(failure.got, 'lost id "4"');
    const afterGap = result.records.filter((r) => r.kind === 'event' && r.id === '5')[1];
    assert.equal(failure.seq, afterGap.seq);
  });

  it('with stop.events the resumed part stops at the same place as the run', async () => {
    const result = await runYaml(server, yaml('/skip', '    stop: { events: 6 }\n'));
    assert.equal(firstFailure(result).got, 'lost id "4"');
  });

  it('a stream without ids cannot be resumed, and says so', async () => {
    server.route('/noids', sse(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n', 'data: 4\n\n']));
    const failure = firstFailure(await runYaml(server, yaml('/noids')));
    assert.equal(failure.got, 'no id (the server sends none)');
  });

  it('a live stream whose ids are consecutive numbers is judged by arithmetic', async () => {
    let base = 100;
    server.route('/live', (req, res) => {
      // Every fresh connection starts elsewhere (a live feed); a resume continues (minus one: a skip).
      const last = req.headers['last-event-id'];
      const from = last !== undefined ? Number(last) + 2 : (base += 100);
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      for (let id = from; id < from + 6; id++) res.write(`id: ${id}\ndata: x\n\n`);
      res.end();
    });
    const failure = firstFailure(await runYaml(server, yaml('/live')));
    assert.equal(failure.got, 'lost id "303"');
  });
});
