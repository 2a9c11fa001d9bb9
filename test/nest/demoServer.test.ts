/**
 * The quick start's demo server (scripts/demo-server.mjs) keeps its promises: each route
 * behaves as its index line says, seen through the extension's SSE client.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { SseClient } from '../../src/core/sseClient';
import { mergeRecords } from '../../src/core/llm/sessionMerger';
import { TEXT, TOOL } from '../../demo/src/llm.script';
import type { ClosedRecord, StreamRecord } from '../../src/shared/records';
import { startApp, type RunningApp } from './nestProcess';
import { collect } from './sseCollect';

const repoRoot = resolve(__dirname, '../../..');

/** Connects once without reconnecting; resolves with every record once the session closes. */
async function failure(url: string): Promise<{ records: StreamRecord[]; closed: ClosedRecord }> {
  const records: StreamRecord[] = [];
  const client = new SseClient({ url, reconnect: false, onRecord: (record) => records.push(record) });
  client.start();
  return { records, closed: await client.done };
}

describe('demo server', function () {
  this.timeout(30000);
  let app: RunningApp;

  before(async () => {
    app = await startApp(repoRoot, ['scripts/demo-server.mjs', '--port', '0'], 20000, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
  });
  after(async () => app?.stop());

  it('type-checks (esbuild, which runs it, does not)', () => {
    const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repoRoot, 'demo', 'tsconfig.json')], { encoding: 'utf8', timeout: 25000 });
    assert.equal(tsc.status, 0, `tsc failed on demo/:\n${tsc.stdout}${tsc.stderr}${tsc.error ?? ''}`);
  });

  it('lists its routes at /', async () => {
    const text = await (await fetch(`${app.baseUrl}/`)).text();
    for (const route of ['/events', '/fast', '/chat', '/llm/openai-chat', '/llm/anthropic', '/resumable', '/broadcast', '/not-found-demo', '/wrong-type']) assert.ok(text.includes(route), route);
  });

  it('/events mixes named and unnamed events, ids, retry 2000 and heartbeat comments', async () => {
    const { events, records } = await collect(`${app.baseUrl}/events`, { events: 16, timeoutMs: 12000 });
    const types = new Set(events.map((e) => e.type));
    for (const type of ['hello', 'tick', 'price', 'log', 'message']) assert.ok(types.has(type), `no ${type} event in ${[...types].join(', ')}`);
    assert.deepEqual(events.map((e) => e.id), events.map((_e, i) => String(i + 1)));
    assert.deepEqual(records.filter((r) => r.kind === 'retry').map((r) => r.kind === 'retry' && r.retry), [2000]);
    assert.ok(records.some((r) => r.kind === 'comment' && r.text === 'heartbeat'), 'no heartbeat comment');
    assert.ok(events.some((e) => e.type === 'log' && !e.data.startsWith('{')), 'log data should be plain text');
  });

  it('/fast sends thousands of events per second', async () => {
    const started = Date.now();
    const { events } = await collect(`${app.baseUrl}/fast?rate=20000`, { events: 5000 });
    const seconds = (Date.now() - started) / 1000;
    assert.ok(events.length / seconds > 2000, `${Math.round(events.length / seconds)} events/s`);
  });

  it('POST /chat streams completion chunks then [DONE], echoing the body and Authorization', async () => {
    const records: StreamRecord[] = [];
    const client = new SseClient({
      url: `${app.baseUrl}/chat`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token' },
      body: JSON.stringify({ prompt: 'hi' }),
      reconnect: false,
      onRecord: (record) => records.push(record),
    });
    client.start();
    await client.done;
    const data = records.flatMap((r) => (r.kind === 'event' ? [r.data] : []));
    assert.equal(data[data.length - 1], '[DONE]');
    const text = data.slice(0, -1).map((d) => (JSON.parse(d) as { choices: { delta: { content: string } }[] }).choices[0].delta.content).join('');
    assert.match(text, /^You sent \{"prompt":"hi"\} with an Authorization header \(Bearer …\)/);
  });

  it('/llm/* streams one paced answer per format: reasoning, Markdown text, a tool call, usage', async function () {
    this.timeout(45000);
    const formats = ['openai-chat', 'openai-responses', 'anthropic', 'gemini', 'ai-sdk'];
    const runs = await Promise.all(
      formats.map(async (format) => {
        const records: StreamRecord[] = [];
        const client = new SseClient({ url: `${app.baseUrl}/llm/${format}`, reconnect: false, onRecord: (r) => records.push(r) });
        client.start();
        await client.done;
        return { format, merged: mergeRecords(records) };
      }),
    );
    for (const { format, merged } of runs) {
      assert.equal(merged.length, 1, format);
      const m = merged[0];
      assert.equal(m.format, format);
      assert.equal(m.text, TEXT, format);
      assert.ok((m.reasoning ?? '').length > 50, format);
      assert.deepEqual(JSON.parse(m.toolCalls![0].arguments), JSON.parse(TOOL.args), format);
      assert.equal(m.complete, true, format);
      if (format !== 'ai-sdk') assert.ok(m.usage?.outputTokens, format);
      // Paced like a model: a first token after a few hundred ms, then tens of chunks a second.
      assert.ok(m.timing.ttftMs! >= 300, `${format} ttft ${m.timing.ttftMs}`);
      assert.ok(m.timing.chunks >= 20, `${format} ${m.timing.chunks} chunks`);
    }
  });

  it('/llm/openai-chat?slow=N paces the same answer N times slower; a wrong N is ignored', async function () {
    this.timeout(45000);
    const ttft = async (query: string): Promise<{ ttftMs: number; text: string | undefined }> => {
      const records: StreamRecord[] = [];
      const client = new SseClient({ url: `${app.baseUrl}/llm/openai-chat${query}`, reconnect: false, onRecord: (r) => records.push(r) });
      client.start();
      await client.done;
      const [m] = mergeRecords(records);
      return { ttftMs: m.timing.ttftMs!, text: m.text };
    };
    const [slow, wrong] = await Promise.all([ttft('?slow=4'), ttft('?slow=1e9')]);
    assert.equal(slow.text, TEXT);
    // The first token comes after 4 x 450 ms at the earliest (a lower bound: no machine is faster).
    assert.ok(slow.ttftMs >= 1800, `ttft ${slow.ttftMs} ms`);
    assert.equal(wrong.text, TEXT);
    assert.ok(wrong.ttftMs < slow.ttftMs, `a wrong factor paces normally: ttft ${wrong.ttftMs} ms, against ${slow.ttftMs}`);
  });

  it('/resumable continues after Last-Event-ID', async () => {
    const { events } = await collect(`${app.baseUrl}/resumable`, { events: 1, lastEventId: '99' });
    assert.deepEqual(events.map((e) => [e.type, e.id]), [['tick', '100']]);
  });

  it('/not-found-demo and /wrong-type fail the connection without reconnecting', async () => {
    const notFound = await failure(`${app.baseUrl}/not-found-demo`);
    const notFoundError = notFound.records.find((r) => r.kind === 'error');
    assert.ok(notFoundError?.kind === 'error' && notFoundError.status === 404 && !notFoundError.willReconnect, JSON.stringify(notFoundError));
    const wrongType = await failure(`${app.baseUrl}/wrong-type`);
    const wrongTypeError = wrongType.records.find((r) => r.kind === 'error');
    assert.ok(wrongTypeError?.kind === 'error' && wrongTypeError.status === 200 && !wrongTypeError.willReconnect, JSON.stringify(wrongTypeError));
    assert.equal(wrongType.closed.reason, 'failed');
  });
});
