/** Check files: valid ones become checks; every kind of bad input is one clear problem at its place. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCheckFile } from '../../../../src/core/checks/parse';

const problemsOf = (text: string, env: NodeJS.ProcessEnv = {}) => parseCheckFile(text, 'f.ssecheck.yaml', env).problems.map((p) => `${p.place.line}:${p.place.column} ${p.message}`);

describe('check files', () => {
  it('reads a full check with the place of each expectation', () => {
    const file = parseCheckFile(
      [
        'checks:',
        '  - name: tokens',
        '    request:',
        '      url: http://127.0.0.1:1/x',
        '      method: POST',
        '      headers: { Authorization: "Bearer ${env:TOKEN}" }',
        '      body: "{}"',
        '    stop: { events: 5 }',
        '    expect:',
        '      status: 200',
        '      events:',
        '        - type: token',
        '          count: { min: 1, max: 3 }',
        '          data: /^hi/i',
        '          json: { type: object, required: [n] }',
        '        - count: 2',
      ].join('\n'),
      'f.ssecheck.yaml',
      { TOKEN: 's3cret' },
    );
    assert.deepEqual(file.problems, []);
    const [check] = file.checks;
    assert.equal(check.name, 'tokens');
    assert.deepEqual(check.place, { line: 2, column: 5 });
    assert.equal(check.request.headers?.Authorization, 'Bearer s3cret');
    assert.deepEqual(check.request.secrets, ['s3cret']);
    assert.deepEqual(check.request.secretHeaders, ['Authorization']);
    assert.equal(check.stopEvents, 5);
    assert.equal(check.stopMs, 10_000, 'default stop after 10 s');
    assert.deepEqual(check.expect.status?.at.place, { line: 10, column: 7 });
    const [first, second] = check.expect.events!.steps;
    assert.deepEqual(first.count, { min: 1, max: 3 });
    assert.deepEqual(first.countAt?.place, { line: 13, column: 11 });
    assert.ok(first.data!.regex.test('HI there'), 'flags of /pattern/flags apply');
    assert.equal(first.json!.check({ n: 1 }), undefined);
    assert.match(first.json!.check({}) ?? '', /has no "n"/);
    assert.deepEqual(second.count, { min: 2, max: 2 });
    assert.deepEqual(second.place, { line: 16, column: 11 });
  });

  it('reads the same checks from JSON', () => {
    const file = parseCheckFile('{\n\t"checks": [\n\t\t{"name": "a", "request": {"url": "http://h/x"},\n\t\t "expect": {"maxGapMs": 5}}\n\t]\n}\n', 'f.ssecheck.json');
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.checks[0].expect.maxGapMs?.at.place, { line: 4, column: 15 });
  });

  it('invalid YAML: the parser message at its line', () => {
    const unclosed = problemsOf('checks:\n  - name: a\n    request: {url: "http://h"\n');
    assert.ok(unclosed.length >= 1);
    assert.match(unclosed[0], /^[34]:\d+ not valid YAML: /);
    const [problem] = problemsOf('checks:\n  - name: a\n   bad: indent\n');
    assert.match(problem, /^3:\d+ not valid YAML: /);
  });

  it('an unknown expectation key is named at its line, with the keys allowed there', () => {
    const [problem, ...rest] = problemsOf('checks:\n  - name: a\n    request: {url: "http://h/"}\n    expect:\n      status: 200\n      maxGap: 5\n');
    assert.equal(rest.length, 0);
    assert.match(problem, /^6:7 unknown key "maxGap" in checks\[0\]\.expect \(allowed: status, contentType, firstEventWithinMs, maxGapMs,/);
  });

  it('unknown keys and wrong types deeper down, each at its place', () => {
    const problems = problemsOf('checks:\n  - name: a\n    request: {url: "http://h/"}\n    expect:\n      events:\n        - count: {mn: 1}\n        - count: many\n      ids: sorted\n');
    assert.deepEqual(problems, [
      '6:19 unknown key "mn" in checks[0].expect.events[0].count (allowed: min, max)',
      '7:11 checks[0].expect.events[1].count must be a whole number or { min, max }',
      '8:7 checks[0].expect.ids must be one of "increasing", "unique"',
    ]);
  });

  it('a JSON Schema that does not compile: ajv\'s reason at the schema\'s line', () => {
    const problems = problemsOf('checks:\n  - name: a\n    request: {url: "http://h/"}\n    expect:\n      events:\n        - type: x\n          json: { typ: string }\n        - json: { type: strnig }\n');
    assert.equal(problems.length, 2);
    assert.match(problems[0], /^7:11 checks\[0\]\.expect\.events\[0\]\.json: the JSON Schema does not compile: strict mode: unknown keyword: "typ"/);
    assert.match(problems[1], /^8:11 checks\[0\]\.expect\.events\[1\]\.json: the JSON Schema does not compile: schema is invalid/);
  });

  it('an invalid regex, a missing variable, both url and profile, a duplicate name, a merged text regex', () => {
    const problems = problemsOf(
      [
        'checks:',
        '  - name: a',
        '    request: {url: "http://h/${env:NOPE}"}',
        '    expect: {events: [{data: "(("}]}',
        '  - name: a',
        '    request: {profile: p, url: "http://h/"}',
        '    expect: {merged: {text: "(("}}',
      ].join('\n'),
    );
    assert.deepEqual(problems.map((p) => p.replace(/:.*/, '')), ['3', '4', '5', '6', '7']);
    assert.match(problems[0], /environment variable NOPE is not set/);
    assert.match(problems[1], /not a valid regular expression/);
    assert.match(problems[2], /two checks are named "a" \(the first on line 2\)/);
    assert.match(problems[3], /a profile's URL cannot be overridden/);
    assert.match(problems[4], /checks\[1\]\.expect\.merged\.text: not a valid regular expression/);
  });

  it('merged: every key compiled at its place; an unknown key, a format it cannot detect, a negative ttft refused', () => {
    const file = parseCheckFile(
      [
        'checks:',
        '  - name: m',
        '    request: {url: "http://h/"}',
        '    expect:',
        '      merged:',
        '        text: /^hello/i',
        '        toolCalls: [get_weather, get_time]',
        '        finishReason: stop',
        '        maxTtftMs: 500',
        '        format: anthropic',
      ].join('\n'),
      'm.ssecheck.yaml',
      {},
    );
    assert.deepEqual(file.problems, []);
    const merged = file.checks[0].expect.merged!;
    assert.equal(merged.at.place.line, 5);
    assert.ok(merged.text!.regex.test('HELLO there'));
    assert.equal(merged.text!.at.place.line, 6);
    assert.deepEqual(merged.toolCalls?.value, ['get_weather', 'get_time']);
    assert.equal(merged.toolCalls?.at.place.line, 7);
    assert.equal(merged.finishReason?.value, 'stop');
    assert.equal(merged.maxTtftMs?.value, 500);
    assert.equal(merged.format?.value, 'anthropic');
    assert.equal(merged.format?.at.place.line, 10);

    const unknown = problemsOf(['checks:', '  - name: m', '    request: {url: "http://h/"}', '    expect:', '      merged:', '        txt: hi'].join('\n'));
    assert.match(unknown[0], /^6:9 .*unknown key "txt".*allowed: text, toolCalls, finishReason, maxTtftMs, format/);
    const format = problemsOf(['checks:', '  - name: m', '    request: {url: "http://h/"}', '    expect: {merged: {format: custom}}'].join('\n'));
    assert.match(format[0], /^4:.*must be one of "openai-chat"/);
    const ttft = problemsOf(['checks:', '  - name: m', '    request: {url: "http://h/"}', '    expect: {merged: {maxTtftMs: -1}}'].join('\n'));
    assert.equal(ttft.length, 1);
    assert.match(ttft[0], /^4:/);
  });

  it('an empty file and a file without checks say what to write', () => {
    assert.match(problemsOf('')[0], /the file is empty/);
    assert.match(problemsOf('foo: 1\n')[0], /unknown key "foo" in the file|the file needs "checks"/);
  });

  it('the shipped schema is the one package.json contributes to the editor', () => {
    const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../../../../package.json'), 'utf8')) as {
      contributes: { yamlValidation?: { fileMatch: string[]; url: string }[]; jsonValidation?: { fileMatch: string[]; url: string }[] };
    };
    const yaml = manifest.contributes.yamlValidation?.find((v) => v.fileMatch.includes('*.ssecheck.yaml'));
    const json = manifest.contributes.jsonValidation?.find((v) => v.fileMatch.includes('*.ssecheck.json'));
    assert.equal(yaml?.url, './schemas/ssecheck.schema.json');
    assert.equal(json?.url, './schemas/ssecheck.schema.json');
  });
});
