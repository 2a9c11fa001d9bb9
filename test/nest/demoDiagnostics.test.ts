/**
 * No false positives: the demo server's streams (real NestJS @Sse() handlers) read through the
 * client with the stream linter and wire capture watching report no diagnostics at all.
 */
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { SseClient, type SseClientOptions } from '../../src/core/sseClient';
import { StreamWatch } from '../../src/core/diagnostics/streamWatch';
import type { DiagnosticRecord } from '../../src/shared/records';
import { startApp, type RunningApp } from './nestProcess';

const repoRoot = resolve(__dirname, '../../..');

async function lintFor(options: Omit<SseClientOptions, 'reconnect'>, ms: number): Promise<{ diagnostics: DiagnosticRecord[]; events: number; chunks: number }> {
  const diagnostics: DiagnosticRecord[] = [];
  let events = 0;
  const watch = new StreamWatch({ onDiagnostic: (d) => diagnostics.push(d), wireBytes: 1024 * 1024 });
  const client = new SseClient({
    ...options,
    reconnect: false,
    observer: watch,
    onRecord(record) {
      watch.record(record);
      if (record.kind === 'event') events++;
    },
  });
  client.start();
  const timer = setTimeout(() => client.stop(), ms);
  await client.done;
  clearTimeout(timer);
  watch.dispose();
  return { diagnostics, events, chunks: watch.wire!.total };
}

describe('demo server streams: no diagnostics', function () {
  this.timeout(40000);
  let app: RunningApp;

  before(async () => {
    app = await startApp(repoRoot, ['scripts/demo-server.mjs', '--port', '0'], 20000, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
  });
  after(async () => app?.stop());

  for (const [path, ms, extra] of [
    ['/events', 4000, {}],
    ['/fast?rate=20000', 2000, {}],
    ['/resumable', 2500, {}],
    ['/broadcast', 1500, {}],
    ['/chat', 8000, { method: 'POST', body: '{"q":"hi"}', headers: { 'Content-Type': 'application/json' } }],
  ] as const) {
    it(`${path}`, async () => {
      const result = await lintFor({ url: `${app.baseUrl}${path}`, ...extra }, ms);
      assert.ok(result.chunks > 0, 'no bytes arrived');
      assert.deepEqual(result.diagnostics.map((d) => `${d.code}: ${d.message}`), []);
    });
  }
});
