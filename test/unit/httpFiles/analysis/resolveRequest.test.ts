// Variables, environments, .env files and body files, resolved in plain Node on real files in a
// temp folder, with the README's own examples (REST Client) where it gives one.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dotenvFolders, dotenvLookup, type ReadText } from '../../../../src/httpFiles/analysis/dotenvFiles';
import { environmentNames, environmentScope } from '../../../../src/httpFiles/analysis/environments';
import { parseHttpFile } from '../../../../src/httpFiles/analysis/httpFileParser';
import { resolveHttpRequest, type ResolveResult } from '../../../../src/httpFiles/analysis/resolveRequest';
import { systemVariables } from '../../../../src/httpFiles/analysis/systemVariables';

const lines = (...l: string[]) => l.join('\n');

/** The README's environment example. */
const ENVIRONMENTS = {
  $shared: { version: 'v1', prodToken: 'foo', nonProdToken: 'bar' },
  local: { version: 'v2', host: 'localhost', token: '{{$shared nonProdToken}}', secretKey: 'devSecret' },
  production: { host: 'example.com', token: '{{$shared prodToken}}', secretKey: 'prodSecret' },
};

const readFrom: ReadText = (path, encoding) => {
  try {
    return readFileSync(path, encoding ?? 'utf8');
  } catch {
    return undefined;
  }
};

describe('resolveHttpRequest', () => {
  let root: string;
  let httpFile: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sse-httpfiles-'));
    mkdirSync(join(root, 'api'));
    httpFile = join(root, 'api', 'requests.http');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function resolve(text: string, options: { env?: string; processEnv?: Record<string, string>; index?: number; setting?: unknown } = {}): ResolveResult {
    const parsed = parseHttpFile(text);
    const { environment, shared } = environmentScope(options.setting ?? ENVIRONMENTS, options.env);
    const system = systemVariables({
      env: options.processEnv ?? {},
      dotenv: dotenvLookup(httpFile, root, options.env, readFrom),
      now: () => Date.UTC(2024, 0, 2, 3, 4, 5),
      random: () => 0.5,
      uuid: () => '00000000-0000-4000-8000-000000000000',
    });
    return resolveHttpRequest(parsed, parsed.requests[options.index ?? 0], { environment, shared, environmentName: options.env, system }, {
      httpFilePath: httpFile,
      workspaceRoot: root,
      read: readFrom,
    });
  }
  function ok(result: ResolveResult) {
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    return result.request;
  }

  it('environment variables: $shared plus the selected one, and {{$shared name}}', () => {
    const text = lines('GET https://{{host}}/api/{{version}}comments/1 HTTP/1.1', 'Authorization: {{token}}');
    const local = ok(resolve(text, { env: 'local' }));
    assert.equal(local.url, 'https://localhost/api/v2comments/1');
    assert.deepEqual(local.headers, { Authorization: 'bar' });
    const production = ok(resolve(text, { env: 'production' }));
    assert.equal(production.url, 'https://example.com/api/v1comments/1');
    assert.deepEqual(production.headers, { Authorization: 'foo' });
    assert.deepEqual(environmentNames(ENVIRONMENTS), ['local', 'production']);
  });

  it('file variables inside variables, %-encoding, and file over environment precedence', () => {
    const text = lines(
      '@hostname = api.example.com',
      '@port = 8080',
      '@host = {{hostname}}:{{port}}',
      '@version = v9',
      '###',
      '@name = Strunk & White',
      '',
      'GET https://{{host}}/authors/{{%name}}?v={{version}} HTTP/1.1',
    );
    assert.equal(ok(resolve(text, { env: 'local' })).url, 'https://api.example.com:8080/authors/Strunk%20%26%20White?v=v9');
  });

  it('an unresolved variable is an error that names it, and every one is listed', () => {
    const result = resolve(lines('GET https://{{missingHost}}/a', 'X-Id: {{login.response.body.$.id}}', 'X-Other: {{missingHost}}'), { env: 'local' });
    assert.equal(result.ok, false);
    const errors = result.ok ? [] : result.errors;
    assert.equal(errors.length, 2, errors.join('\n'));
    assert.match(errors[0], /\{\{missingHost\}\} is not defined: add "@missingHost = value".*"local" environment/);
    assert.match(errors[1], /login\.response\.body.*another request/);
  });

  it('variables that refer to each other in a loop are an error, not a hang', () => {
    const result = resolve(lines('@a = {{b}}', '@b = x{{a}}', 'GET https://x.test/{{a}}'));
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.errors[0], /a → b → a/);
  });

  it('system variables: $guid, $timestamp with offset, $randomInt, $datetime, $processEnv', () => {
    const text = lines(
      'POST https://api.example.com/comments HTTP/1.1',
      'Content-Type: application/json',
      'Date: {{$datetime rfc1123}}',
      'X-User: {{$processEnv USERNAME}}',
      '',
      '{',
      '    "request_id": "{{$guid}}",',
      '    "updated_at": "{{$timestamp}}",',
      '    "created_at": "{{$timestamp -1 d}}",',
      '    "review_count": "{{$randomInt 5 200}}",',
      '    "iso": "{{$datetime iso8601 1 y}}"',
      '}',
    );
    const request = ok(resolve(text, { processEnv: { USERNAME: 'ada' } }));
    const now = Date.UTC(2024, 0, 2, 3, 4, 5) / 1000;
    assert.equal(request.headers.Date, 'Tue, 02 Jan 2024 03:04:05 GMT');
    assert.equal(request.headers['X-User'], 'ada');
    assert.deepEqual(request.secretHeaders, ['X-User'], 'a value from the process environment is masked');
    assert.deepEqual(JSON.parse(request.body ?? ''), {
      request_id: '00000000-0000-4000-8000-000000000000',
      updated_at: String(now),
      created_at: String(now - 86400),
      review_count: String(5 + Math.floor(0.5 * 195)),
      iso: '2025-01-02T03:04:05.000Z',
    });
  });

  it('an unset process variable, a bad $randomInt and an unknown $variable are errors', () => {
    const result = resolve(lines('GET https://x.test/{{$processEnv NOPE_NOT_SET}}/{{$randomInt 5 1}}/{{$aadToken}}'));
    assert.equal(result.ok, false);
    const errors = result.ok ? [] : result.errors;
    assert.equal(errors.length, 3);
    assert.match(errors[0], /NOPE_NOT_SET is not set/);
    assert.match(errors[1], /min < max/);
    assert.match(errors[2], /\{\{\$aadToken\}\}.*does not know/);
  });

  it('$dotenv reads .env next to the file (dotenv syntax) and marks the header secret', () => {
    writeFileSync(join(root, 'api', '.env'), '# comment\nAPI_KEY="sk-live 123"\nexport OTHER=x\n');
    const request = ok(resolve(lines('@key = {{$dotenv API_KEY}}', 'GET https://x.test/a', 'X-Custom: Bearer {{key}}')));
    assert.deepEqual(request.headers, { 'X-Custom': 'Bearer sk-live 123' });
    assert.deepEqual(request.secretHeaders, ['X-Custom']);
    assert.deepEqual(request.dotenvHeaders, ['X-Custom']);
  });

  it('$dotenv prefers .env.<environment>, walks up to the workspace folder, and stops there', () => {
    writeFileSync(join(root, '.env'), 'TOKEN=from-root\n');
    assert.deepEqual(ok(resolve(lines('GET https://x.test/a', 'Authorization: {{$dotenv TOKEN}}'))).headers, { Authorization: 'from-root' });
    writeFileSync(join(root, 'api', '.env.local'), 'TOKEN=from-local\n');
    assert.deepEqual(ok(resolve(lines('GET https://x.test/a', 'Authorization: {{$dotenv TOKEN}}'), { env: 'local' })).headers, { Authorization: 'from-local' });
    assert.deepEqual(dotenvFolders(join(root, 'a', 'b', 'c.http'), root), [join(root, 'a', 'b'), join(root, 'a'), root]);
    assert.deepEqual(dotenvFolders('/elsewhere/c.http', root), ['/elsewhere']);
  });

  it('$dotenv in the URL or the body is refused: .env values are only sent as secret headers', () => {
    writeFileSync(join(root, 'api', '.env'), 'KEY=s3cret\n');
    const inUrl = resolve(lines('GET https://x.test/a?key={{$dotenv KEY}}'));
    assert.equal(inUrl.ok, false);
    assert.match(inUrl.ok ? '' : inUrl.errors[0], /\{\{\$dotenv KEY\}\} is used in the URL/);
    assert.ok(!(inUrl.ok ? '' : inUrl.errors.join()).includes('s3cret'), 'the message never shows the value');
    const inBody = resolve(lines('@k = {{$dotenv KEY}}', 'POST https://x.test/a', '', '{"key":"{{k}}"}'));
    assert.equal(inBody.ok, false);
    assert.match(inBody.ok ? '' : inBody.errors[0], /is used in the body/);
    const missing = resolve(lines('GET https://x.test/a', 'Authorization: {{$dotenv NOPE}}'));
    assert.match(missing.ok ? '' : missing.errors[0], /does not define NOPE/);
  });

  it('< ./file.json reads the body next to the .http file; <@ resolves variables in it', () => {
    writeFileSync(join(root, 'api', 'body.json'), '{"model":"{{model}}"}\n');
    const plain = ok(resolve(lines('@model = gpt', 'POST https://x.test/a', 'Content-Type: application/json', '', '< ./body.json')));
    assert.equal(plain.body, '{"model":"{{model}}"}\n');
    const processed = ok(resolve(lines('@model = gpt', 'POST https://x.test/a', '', '<@ ./body.json')));
    assert.equal(processed.body, '{"model":"gpt"}\n');
    const missing = resolve(lines('POST https://x.test/a', '', '< ./nope.json'));
    assert.match(missing.ok ? '' : missing.errors[0], /"\.\/nope\.json" \(line 3\) was not found/);
  });

  it('headers: repeated names are combined, httpYac SSE drops its Event header, GET with a body is refused', () => {
    const request = ok(resolve(lines('SSE https://x.test/s', 'Event: message', 'Cookie: a=1', 'cookie: b=2', 'X-A: 1', 'x-a: 2')));
    assert.deepEqual(request.headers, { Cookie: 'a=1; b=2', 'X-A': '1, 2' });
    assert.equal(request.method, 'GET');
    const withBody = resolve(lines('GET https://x.test/a', '', 'body'));
    assert.match(withBody.ok ? '' : withBody.errors[0], /GET request has a body/);
  });

  it('form bodies join &-lines as REST Client does; multipart uses CRLF', () => {
    const form = ok(resolve(lines('POST https://x.test/login HTTP/1.1', 'Content-Type: application/x-www-form-urlencoded', '', 'name=foo', '&password=bar')));
    assert.equal(form.body, 'name=foo&password=bar');
    const multipart = ok(resolve(lines('POST https://x.test/u', 'Content-Type: multipart/form-data; boundary=XX', '', '--XX', 'Content-Disposition: form-data; name="t"', '', 'title', '--XX--')));
    assert.equal(multipart.body, '--XX\r\nContent-Disposition: form-data; name="t"\r\n\r\ntitle\r\n--XX--');
  });

  it('a path takes its origin from a Host header (REST Client) or an @host variable (httpYac)', () => {
    assert.equal(ok(resolve(lines('GET /events HTTP/1.1', 'Host: example.com:8443'))).url, 'https://example.com:8443/events');
    assert.equal(ok(resolve(lines('GET /events', 'Host: localhost:3000'))).url, 'http://localhost:3000/events');
    assert.equal(ok(resolve(lines('@host=https://httpbin.org/', '###', 'GET /post HTTP/1.1'))).url, 'https://httpbin.org/post');
    const alone = resolve('GET /events');
    assert.match(alone.ok ? '' : alone.errors[0], /"\/events" is a path/);
  });

  it('No Environment: $shared only; a setting that is not an object means no variables', () => {
    assert.equal(ok(resolve('GET https://x.test/{{version}}')).url, 'https://x.test/v1');
    const result = resolve('GET https://x.test/{{version}}', { setting: 'nonsense' });
    assert.equal(result.ok, false);
    assert.deepEqual(environmentNames(null), []);
  });
});
