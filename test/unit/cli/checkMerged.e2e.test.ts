/** `sse-inspector check` with `expect.merged`, the built CLI spawned against a replayed LLM stream. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replay, type ReplayServer } from '../../llm/support/replayServer';
import { junitViolations } from './junitShape';
import { runCli as cli } from '../../support/cliRun';



describe('sse-inspector check: expect.merged', function () {
  this.timeout(20_000);
  let anthropic: ReplayServer;
  let dir: string;

  before(async () => {
    anthropic = await replay('anthropic');
    dir = mkdtempSync(join(tmpdir(), 'sse-check-merged-'));
  });
  after(async () => {
    await anthropic.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a passing and a failing merged check: the failure names the key, its line, expected, got and seq; JUnit too', async () => {
    const file = join(dir, 'llm.ssecheck.yaml');
    const url = `${anthropic.url}/v1/messages`;
    writeFileSync(
      file,
      [
        'checks:',
        '  - name: claude calls the weather tool',
        `    request: { url: "${url}", method: POST, body: "{}" }`,
        '    expect:',
        '      status: 200',
        '      merged: { format: anthropic, text: "let me check", toolCalls: [get_weather], finishReason: tool_use, maxTtftMs: 5000 }',
        '  - name: claude ends its turn',
        `    request: { url: "${url}", method: POST, body: "{}" }`,
        '    expect:',
        '      merged:',
        '        text: weather',
        '        finishReason: end_turn',
      ].join('\n'),
    );
    const junit = join(dir, 'out.xml');
    const run = await cli(['check', file, '--junit', junit]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3, run.stdout);
    assert.match(lines[0], /^PASS {2}claude calls the weather tool \(\d+ ms\)$/);
    const escaped = file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    assert.match(lines[1], new RegExp(`^FAIL {2}claude ends its turn: ${escaped}:12:9 expect\\.merged\\.finishReason: expected finish reason "end_turn", got "tool_use" \\(seq \\d+\\) \\(\\d+ ms\\)$`));
    assert.match(lines[2], /^2 checks: 1 passed, 1 failed/);
    const xml = readFileSync(junit, 'utf8');
    assert.deepEqual(junitViolations(xml), []);
    assert.match(xml, /<failure message="expect\.merged\.finishReason: expected finish reason &quot;end_turn&quot;, got &quot;tool_use&quot; \(seq \d+\)" type="expect\.merged\.finishReason">/);
    assert.equal(anthropic.requests.length, 2);
  });
});
