/**
 * Proof with the real thing: a scratch NestJS app made of the code the snippets and commands
 * generate is type-checked with tsc, started on 127.0.0.1, and the extension's SSE client
 * connects to the routes that route discovery finds in those sources. Run with
 * `npm run build && npx mocha --config test/nest/.mocharc.json` (about 20-40 s, mostly tsc).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findGlobalPrefix, findSseRoutes, routeUrl } from '../../src/nest/analysis/nestRoutes';
import { startApp, type RunningApp } from './nestProcess';
import { REPLAY_RECORDS, writeScratchApp } from './scratchApp';
import { collect } from './sseCollect';

const repoRoot = resolve(__dirname, '../../..');
// Inside the repository (git-ignored) so the app resolves the repository's node_modules.
const scratch = join(repoRoot, '.nest-scratch', `proof-${process.pid}`);

/** Every .ts file below `dir`. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

describe('scaffolding proven against real NestJS', function () {
  this.timeout(60000);
  let app: RunningApp;
  /** `Class.method` -> URL, from route discovery over the generated sources. */
  const urls = new Map<string, { url: string; method: string }>();

  before(async function () {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    writeScratchApp(scratch, join(repoRoot, 'snippets', 'nestjs-sse.code-snippets'));

    const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', scratch], { encoding: 'utf8', timeout: 45000 });
    assert.equal(tsc.status, 0, `tsc failed on the generated code:\n${tsc.stdout}${tsc.stderr}${tsc.error ?? ''}`);

    app = await startApp(scratch, ['dist/main.js'], 15000);
    const prefix = findGlobalPrefix(readFileSync(join(scratch, 'src', 'main.ts'), 'utf8')) ?? '';
    for (const file of tsFiles(join(scratch, 'src'))) {
      for (const route of findSseRoutes(readFileSync(file, 'utf8'))) {
        urls.set(`${route.className}.${route.methodName}`, { url: routeUrl(app.baseUrl, prefix, route.path), method: route.httpMethod });
      }
    }
  });

  after(async () => {
    await app?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** The discovered URL of a handler (fails when discovery did not find it). */
  const urlOf = (handler: string): string => {
    const found = urls.get(handler);
    assert.ok(found, `route discovery did not find ${handler}; found ${[...urls.keys()].join(', ')}`);
    return found.url;
  };

  it('discovers exactly the SSE routes NestJS maps', () => {
    const discovered = [...urls.values()].map(({ url, method }) => `${method} ${new URL(url).pathname}`).sort();
    assert.deepEqual(discovered, [
      'GET /api/chat-room',
      'GET /api/clock',
      'GET /api/health/ticks',
      'GET /api/news-feed',
      'GET /api/recorded',
      'GET /api/snippets/events',
      'GET /api/snippets/resumable',
    ]);
    for (const route of discovered) assert.ok(app.mappedRoutes.includes(route), `NestJS did not map ${route}; it mapped ${app.mappedRoutes.join(', ')}`);
  });

  it('streams the inserted handler: tick events with ids 1, 2, 3', async () => {
    const { events } = await collect(urlOf('HealthController.ticks'), { events: 3 });
    assert.deepEqual(events.map((e) => [e.type, e.id]), [['tick', '1'], ['tick', '2'], ['tick', '3']]);
    assert.deepEqual(events.map((e) => (JSON.parse(e.data) as { n: number }).n), [1, 2, 3]);
  });

  it('resumes the interval controller after Last-Event-ID, with retry on the first event', async () => {
    const { events, records } = await collect(urlOf('ClockController.stream'), { events: 2, lastEventId: '41' });
    assert.deepEqual(events.map((e) => [e.type, e.id]), [['tick', '42'], ['tick', '43']]);
    assert.deepEqual(records.filter((r) => r.kind === 'retry').map((r) => r.kind === 'retry' && r.retry), [3000]);
  });

  it('broadcasts what POST …/emit sends, and counts the client out when it leaves', async () => {
    const url = urlOf('NewsFeedController.stream');
    const emit = async (body: object, type?: string): Promise<{ clients: number }> => {
      const response = await fetch(`${url}/emit${type ? `?type=${type}` : ''}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(response.status, 201);
      return (await response.json()) as { clients: number };
    };
    let emitted: Promise<{ clients: number }[]> | undefined;
    const { events } = await collect(url, {
      events: 2,
      onOpen: () => {
        emitted = (async () => [await emit({ title: 'Hello' }, 'headline'), await emit({ text: 'plain message' })])();
      },
    });
    assert.deepEqual(await emitted, [{ clients: 1 }, { clients: 1 }]);
    assert.deepEqual(events.map((e) => [e.type, e.id, JSON.parse(e.data)]), [
      ['headline', '1', { title: 'Hello' }],
      ['message', '2', { text: 'plain message' }],
    ]);
    // finalize() runs when NestJS notices the disconnect: poll briefly.
    let clients = -1;
    for (let i = 0; i < 30 && clients !== 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      clients = (await emit({ ping: i })).clients;
    }
    assert.equal(clients, 0, 'the broadcast controller still counts the closed client');
  });

  it('replays the recording the controller was generated from: types, ids, data, retry, comment and gaps', async () => {
    const url = urlOf('RecordedController.stream');
    const recorded = REPLAY_RECORDS.filter((r) => r.kind === 'event');
    const { events, records } = await collect(url, { events: 3 });
    assert.deepEqual(
      events.map((e) => [e.type, e.lastEventId, e.data]),
      recorded.map((e) => e.kind === 'event' && [e.type, e.lastEventId, e.data]),
    );
    assert.deepEqual(records.filter((r) => r.kind === 'retry').map((r) => r.kind === 'retry' && r.retry), [1500]);
    assert.deepEqual(records.filter((r) => r.kind === 'comment').map((r) => r.kind === 'comment' && r.text), ['keep-alive']);
    // Recorded: 50 ms after open, then 100 and 50 ms. Lower bounds only (the machine is shared).
    const open = records.find((r) => r.kind === 'open')!;
    assert.ok(events[0].time - open.time >= 40, `first event after ${events[0].time - open.time} ms`);
    assert.ok(events[1].time - events[0].time >= 90, `second gap ${events[1].time - events[0].time} ms`);
    const resumed = await collect(url, { events: 1, lastEventId: 'a2' });
    assert.deepEqual(resumed.events.map((e) => [e.type, e.lastEventId]), [['done', 'a3']]);
  });

  it('streams the snippet handlers with the ids and types they set', async () => {
    const plain = await collect(urlOf('SnippetsController.events'), { events: 2 });
    assert.deepEqual(plain.events.map((e) => [e.type, e.id]), [['tick', '1'], ['tick', '2']]);
    const resumed = await collect(urlOf('SnippetsController.resumable'), { events: 1, lastEventId: '9' });
    assert.deepEqual(resumed.events.map((e) => [e.type, e.id]), [['tick', '10']]);
  });

  it('broadcasts through the snippet pair', async () => {
    const url = urlOf('ChatRoomController.stream');
    const { events } = await collect(url, {
      events: 1,
      onOpen: () => void fetch(`${url}/emit?type=said`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"who":"ada"}' }),
    });
    assert.deepEqual(events.map((e) => [e.type, e.id, e.data]), [['said', '1', '{"who":"ada"}']]);
  });
});
