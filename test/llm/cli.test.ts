/** `record` appends a merged record per connection, and `merge` prints it for a recording (dist/cli.js, spawned). */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecording } from '../../src/core/ndjson';
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
