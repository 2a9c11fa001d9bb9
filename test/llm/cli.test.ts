/** `record` appends a merged record per connection, and `merge` prints it for a recording (dist/cli.js, spawned). */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecording } from '../../src/core/ndjson';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixtureText } from './support/fixtures';
import { replay, type ReplayServer } from './support/replayServer';
import { runCli } from '../support/cliRun';

const cli = (args: string[]) => runCli(args, { timeoutMs: 10_000 });



describe('sse-inspector record/merge with LLM streams', function () {
  this.timeout(20000);
  let server: ReplayServer | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'sse-llm-'));
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('record appends the merged record after the terminal event, before the stream ends', async () => {
    server = await replay('anthropic');
    const run = await cli(['record', `${server.url}/v1/messages`, '-d', '{}', '--no-reconnect']);
    assert.equal(run.code, 0, run.stderr);
    const kinds = run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind);
    assert.deepEqual(kinds.slice(-3), ['event', 'merged', 'closed']);
    const { merged, problems } = parseRecording(run.stdout);
    assert.deepEqual(problems, []);
    assert.equal(merged?.length, 1);
    const m = merged![0];
    assert.equal(m.format, 'anthropic');
    assert.equal(m.text, 'Okay, let me check the *weather* — één moment.');
    assert.equal(m.finishReason, 'tool_use');
    assert.equal(m.complete, true);
    assert.ok(m.timing.ttftMs !== undefined && m.timing.ttftMs >= 0);
    assert.equal(m.timing.chunks, 21);
  });

  it('--merge off writes none; --merge FORMAT forces one; a bad format is a usage error', async () => {
    server = await replay('openai-chat');
    const off = await cli(['record', server.url, '--no-reconnect', '--merge', 'off']);
    assert.equal(parseRecording(off.stdout).merged, undefined);
    const forced = await cli(['record', server.url, '--no-reconnect', '--merge', 'gemini']);
    assert.equal(parseRecording(forced.stdout).merged?.[0].format, 'gemini');
    const bad = await cli(['record', server.url, '--merge', 'gpt']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--merge takes auto, off or one of openai-chat/);
    const badPath = await cli(['record', server.url, '--merge-path', 'choices']);
    assert.equal(badPath.code, 2);
    assert.match(badPath.stderr, /starts with \$/);
  });

  it('merge FILE prints the merged record of a recording; --text the text alone; a custom rule', async () => {
    server = await replay('openai-chat');
    const recorded = await cli(['record', server.url, '--no-reconnect', '--merge', 'off']);
    const file = join(dir, 'chat.ndjson');
    writeFileSync(file, recorded.stdout);
    const json = await cli(['merge', file]);
    assert.equal(json.code, 0, json.stderr);
    const { merged } = parseRecording(json.stdout);
    assert.equal(merged?.[0].format, 'openai-chat');
    assert.deepEqual(merged?.[0].usage, { inputTokens: 12, outputTokens: 34, reasoningTokens: 9 });
    const text = await cli(['merge', file, '--text']);
    assert.equal(text.stdout, 'Let me check the **weather** in Paris for you — één moment 🌦.\n');
    const custom = await cli(['merge', file, '--text', '--merge-path', '$.choices[0].delta.reasoning_content']);
    assert.equal(custom.stdout, 'The user wants the weather in Paris; I should call get_weather.\n');
  });

  it('record stops at the end of an LLM stream that sent its terminal event, instead of asking the model again', async function () {
    this.timeout(60_000);
    for (const fixture of ['openai-chat', 'openai-responses', 'anthropic', 'gemini', 'ai-sdk', 'openai-chat-error']) {
      server = await replay(fixture);
      // No --no-reconnect: a plain stream would be reconnected after 10 ms, again and again.
      const run = await cli(['record', server.url, '-d', '{}', '--retry', '10', '--timeout', '3']);
      assert.equal(run.code, 0, `${fixture}: ${run.stderr}`);
      const records = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; reason?: string; message?: string });
      assert.equal(records.filter((r) => r.kind === 'connecting').length, 1, `${fixture}: one request`);
      assert.equal(server.requests.length, 1, fixture);
      const closed = records.at(-1)!;
      assert.equal(closed.kind, 'closed', fixture);
      assert.equal(closed.reason, 'ended', fixture);
      assert.match(closed.message ?? '', /complete/, fixture);
      await server.close();
      server = undefined;
    }
  });

  it('record reconnects an LLM stream cut before its terminal event, as any other stream', async () => {
    const cut = fixtureText('openai-chat').split('\n\n').slice(0, 4).join('\n\n') + '\n\n';
    const plain = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(cut);
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      const run = await cli(['record', url, '--retry', '10', '--max-attempts', '5', '--timeout', '2']);
      const records = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; complete?: boolean });
      assert.ok(records.filter((r) => r.kind === 'connecting').length >= 2, 'it asked again');
      assert.equal(records.find((r) => r.kind === 'merged')?.complete, false);
    } finally {
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('merge says what to do when there is nothing to merge or no file', async () => {
    const file = join(dir, 'plain.ndjson');
    writeFileSync(file, '{"kind":"event","seq":1,"time":1,"type":"tick","data":"1","lastEventId":"","size":1}\n');
    const none = await cli(['merge', file]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no LLM stream found .* --merge FORMAT/);
    const missing = await cli(['merge', join(dir, 'missing.ndjson')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read/);
  });
});
