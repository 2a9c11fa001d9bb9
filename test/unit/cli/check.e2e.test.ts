/** `sse-inspector check`, the built CLI, spawned as CI runs it, against real local servers. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecording } from '../../../src/core/ndjson';
import { SseTestServer, sse } from '../../support/sseServer';
import { junitViolations } from './junitShape';
import { runCli } from '../../support/cliRun';

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { env });



describe('sse-inspector check', function () {
  this.timeout(20_000);
  let server: SseTestServer;
  let dir: string;
  let file: string;

  beforeEach(async () => {
    server = await SseTestServer.start();
    server.route('/ok', sse(['id: 1\nevent: a\ndata: {"n":1}\n\n', 'id: 2\nevent: b\ndata: {"n":2}\n\n']));
    dir = mkdtempSync(join(tmpdir(), 'sse-check-cli-'));
    file = join(dir, 'api.ssecheck.yaml');
    writeFileSync(
      file,
      [
        'checks:',
        '  - name: passes',
        `    request: { url: "${server.url('/ok')}", headers: { X-Token: "\${env:CHECK_TOKEN}" } }`,
        '    expect: { status: 200, events: [ { type: a }, { type: b } ] }',
        '  - name: fails <&> "quoted"',
        `    request: { url: "${server.url('/ok')}" }`,
        '    expect:',
        '      events:',
        '        - type: a',
        '        - type: c',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('one line per check, the first failure with place, expected, got and seq; a summary; exit 1', async () => {
    const run = await cli(['check', file, '--parallel', '2'], { CHECK_TOKEN: 'tok-123' });
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^PASS {2}passes \(\d+ ms\)$/);
    assert.match(lines[1], new RegExp(`^FAIL {2}fails <&> "quoted": ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:10:11 expect\\.events\\[1\\]: expected at least 1 "c" event, got 0, then a "b" event \\(seq 4\\) \\(\\d+ ms\\)$`));
    assert.match(lines[2], /^2 checks: 1 passed, 1 failed \(\d+\.\d s\)$/);
    assert.equal(server.requests('/ok')[0].headers['x-token'], 'tok-123');
    assert.ok(!run.stdout.includes('tok-123'));
  });

  it('--junit writes XML the JUnit schema accepts, with counts that add up; secrets stay out', async () => {
    const junit = join(dir, 'out.xml');
    const run = await cli(['check', file, '--junit', junit], { CHECK_TOKEN: 'tok-123' });
    assert.equal(run.code, 1);
    const xml = readFileSync(junit, 'utf8');
    assert.deepEqual(junitViolations(xml), []);
    assert.match(xml, /<testsuites name="sse-inspector check" tests="2" failures="1" errors="0" time="\d+\.\d{3}">/);
    assert.match(xml, /<testcase name="passes" classname="[^"]+api\.ssecheck\.yaml" time="\d+\.\d{3}"\/>/);
    assert.match(xml, /<testcase name="fails &lt;&amp;&gt; &quot;quoted&quot;"/);
    assert.match(xml, /<failure message="expect\.events\[1\]: expected at least 1 &quot;c&quot; event, got 0, then a &quot;b&quot; event \(seq 4\)" type="expect\.events\[1\]">/);
    assert.ok(!xml.includes('tok-123'));
  });

  it('the JUnit checker itself refuses what the schema refuses', () => {
    assert.notDeepEqual(junitViolations('<testsuites><testcase name="x"/></testsuites>'), []);
    assert.notDeepEqual(junitViolations('<testsuites><testsuite name="a" tests="1" failures="0"/></testsuites>'), []);
    assert.notDeepEqual(junitViolations('<testsuite name="a" tests="1" failures="0" errors="0" time="1s"/>'), []);
    assert.notDeepEqual(junitViolations('<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x" status="ok"/></testsuite></testsuites>'), []);
    assert.notDeepEqual(junitViolations('<testsuites><testsuite'), []);
  });

  it('--grep runs only matching checks; --record keeps each check\'s records', async () => {
    const recordDir = join(dir, 'rec');
    const run = await cli(['check', file, '--grep', '^pass', '--record', recordDir], { CHECK_TOKEN: 'tok-123' });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^PASS {2}passes \(\d+ ms\) \[recording: .*api--passes\.ndjson\]\n1 check: 1 passed, 0 failed/);
    const [name] = readdirSync(recordDir);
    const text = readFileSync(join(recordDir, name), 'utf8');
    const { records, problems } = parseRecording(text);
    assert.deepEqual(problems, []);
    assert.equal(records.filter((r) => r.kind === 'event').length, 2);
    assert.ok(!text.includes('tok-123'), 'the env value is masked in the recording');
    const none = await cli(['check', file, '--grep', 'nothing-like-this'], { CHECK_TOKEN: 'x' });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no check matches --grep nothing-like-this/);
  });

  it('an invalid file: every problem with file:line:column, nothing is run, exit 2', async () => {
    const bad = join(dir, 'bad.ssecheck.yaml');
    writeFileSync(bad, `checks:\n  - name: a\n    request: { url: "${server.url('/ok')}" }\n    expect:\n      status: 200\n      firstEvent: 5\n`);
    const run = await cli(['check', file, bad], { CHECK_TOKEN: 'x' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:6:7: unknown key "firstEvent" in checks\\[0\\]\\.expect`));
    assert.match(run.stderr, /nothing was run/);
    assert.equal(server.requests().length, 0);
    assert.equal(run.stdout, '');
  });

  it('a variable that is not set and a profile (which the CLI cannot read) are problems with their place', async () => {
    const run = await cli(['check', file]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /api\.ssecheck\.yaml:3:\d+: checks\[0\]\.request\.headers\.X-Token: the environment variable CHECK_TOKEN is not set/);
    const profiled = join(dir, 'p.ssecheck.json');
    writeFileSync(profiled, '{"checks": [\n  {"name": "p", "request": {"profile": "staging"}}\n]}\n');
    const refused = await cli(['check', profiled]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /p\.ssecheck\.json:2:\d+: checks\[0\]\.request\.profile: profile "staging" cannot be used by the CLI: .*\$\{env:NAME\}/);
  });

  it('usage errors and a missing file exit 2 with a message', async () => {
    assert.equal((await cli(['check'])).code, 2);
    assert.match((await cli(['check', file, '--parallel', '0'])).stderr, /--parallel takes a whole number >= 1/);
    const missing = await cli(['check', join(dir, 'nope.ssecheck.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nope\.ssecheck\.yaml: no such file/);
  });
});
