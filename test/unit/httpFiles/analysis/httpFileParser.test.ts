// The .http parser on examples in the shape the formats' own documentation gives them
// (Huachao/vscode-restclient README, httpYac's docs and examples, JetBrains' "Exploring the HTTP
// request syntax"), and on the edge cases the issue names.
import { strict as assert } from 'node:assert';
import { parseHttpFile, requestAtLine, type BodyPart, type HttpFileRequest } from '../../../../src/httpFiles/analysis/httpFileParser';

const lines = (...l: string[]) => l.join('\n');
const bodyText = (r: HttpFileRequest | undefined) =>
  r?.body?.map((p: BodyPart) => (p.kind === 'text' ? p.text : `<file ${p.path}>`)).join('\n');
const headersOf = (r: HttpFileRequest | undefined) => Object.fromEntries((r?.headers ?? []).map((h) => [h.name, h.value]));

describe('parseHttpFile: REST Client README', () => {
  it('a bare URL is a GET request', () => {
    const [r] = parseHttpFile('https://example.com/comments/1\n').requests;
    assert.equal(r.method, 'GET');
    assert.equal(r.url, 'https://example.com/comments/1');
    assert.equal(r.line, 0);
    assert.equal(r.body, undefined);
  });

  it('request line with version, headers, blank line, JSON body', () => {
    const text = lines(
      'POST https://example.com/comments HTTP/1.1',
      'content-type: application/json',
      '',
      '{',
      '    "name": "sample",',
      '    "time": "Wed, 21 Oct 2015 18:27:50 GMT"',
      '}',
    );
    const [r] = parseHttpFile(text).requests;
    assert.equal(r.method, 'POST');
    assert.equal(r.url, 'https://example.com/comments');
    assert.equal(r.httpVersion, '1.1');
    assert.deepEqual(headersOf(r), { 'content-type': 'application/json' });
    assert.equal(bodyText(r), '{\n    "name": "sample",\n    "time": "Wed, 21 Oct 2015 18:27:50 GMT"\n}');
  });

  it('three requests separated by ###, each with its own lines', () => {
    const text = lines(
      'GET https://example.com/comments/1 HTTP/1.1',
      '',
      '###',
      '',
      'GET https://example.com/topics/1 HTTP/1.1',
      '',
      '###',
      '',
      'POST https://example.com/comments HTTP/1.1',
      'content-type: application/json',
      '',
      '{ "name": "sample" }',
    );
    const parsed = parseHttpFile(text);
    assert.deepEqual(parsed.requests.map((r) => [r.method, r.url, r.line]), [
      ['GET', 'https://example.com/comments/1', 0],
      ['GET', 'https://example.com/topics/1', 4],
      ['POST', 'https://example.com/comments', 8],
    ]);
    assert.equal(requestAtLine(parsed, 5)?.line, 4);
    assert.equal(requestAtLine(parsed, 11)?.line, 8);
    assert.equal(requestAtLine(parsed, 2), undefined, 'on a separator there is no request');
  });

  it('query string spread over lines that start with ? and &', () => {
    const [r] = parseHttpFile(lines('GET https://example.com/comments', '    ?page=2', '    &pageSize=10')).requests;
    assert.equal(r.url, 'https://example.com/comments?page=2&pageSize=10');
    assert.deepEqual(r.headers, []);
  });

  it('a body read from a file, with and without variable processing and encoding', () => {
    const make = (bodyLine: string) =>
      parseHttpFile(lines('POST https://example.com/comments HTTP/1.1', 'Content-Type: application/xml', 'Authorization: token xxx', '', bodyLine)).requests[0];
    assert.deepEqual(make('< ./demo.xml').body, [{ kind: 'file', path: './demo.xml', processVariables: false, encoding: undefined, line: 4 }]);
    assert.deepEqual(make('<@ ./demo.xml').body, [{ kind: 'file', path: './demo.xml', processVariables: true, encoding: undefined, line: 4 }]);
    assert.deepEqual(make('<@latin1 ./demo.xml').body, [{ kind: 'file', path: './demo.xml', processVariables: true, encoding: 'latin1', line: 4 }]);
    assert.equal(make('< C:\\Users\\Default\\Desktop\\demo.xml').body?.[0].kind, 'file');
  });

  it('file variables, in their own block and before a request, and their escapes', () => {
    const text = lines(
      '@hostname = api.example.com',
      '@port = 8080',
      '@host = {{hostname}}:{{port}}',
      '@contentType = application/json',
      '',
      '###',
      '',
      '@name = Strunk & White',
      '',
      'GET https://{{host}}/authors/{{%name}} HTTP/1.1',
      '',
      '###',
      '',
      'PATCH https://{{host}}/authors/{{%name}} HTTP/1.1',
      'Content-Type: {{contentType}}',
      '',
      '{',
      '    "content": "foo bar"',
      '}',
      '',
      '@multi = a\\nb\\tc\\\\d',
    );
    const parsed = parseHttpFile(text);
    assert.equal(parsed.requests.length, 2, 'a block of variables alone is not a request');
    assert.deepEqual(
      parsed.variables.map((v) => [v.name, v.value]),
      [
        ['hostname', 'api.example.com'],
        ['port', '8080'],
        ['host', '{{hostname}}:{{port}}'],
        ['contentType', 'application/json'],
        ['name', 'Strunk & White'],
      ],
    );
    assert.equal(parsed.requests[0].url, 'https://{{host}}/authors/{{%name}}');
    assert.equal(bodyText(parsed.requests[1]), '{\n    "content": "foo bar"\n}\n\n@multi = a\\nb\\tc\\\\d', 'inside a body, @x = y is body text');
    assert.deepEqual(parseHttpFile('@multi = a\\nb\\tc\\\\d\n').variables[0].value, 'a\nb\tc\\d');
  });

  it('# @name and // @name name a request; comments are left out, also in the body', () => {
    const text = lines(
      '# @name login',
      'POST {{baseUrl}}/api/login HTTP/1.1',
      'Content-Type: application/x-www-form-urlencoded',
      '# a comment between headers',
      '',
      'name=foo&password=bar',
      '// a comment in the body',
      '###',
      '// @name createComment',
      'GET {{baseUrl}}/comments',
    );
    const [login, create] = parseHttpFile(text).requests;
    assert.equal(login.name, 'login');
    assert.deepEqual(headersOf(login), { 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(bodyText(login), 'name=foo&password=bar');
    assert.equal(create.name, 'createComment');
  });
});

describe('parseHttpFile: httpYac docs', () => {
  it('SSE and EVENTSOURCE request lines are GET streams; the script block is not a body', () => {
    const text = lines(
      'SSE https://postman-echo.com/server-events/5',
      'Event: message',
      '',
      '{{@streaming',
      '  async function writeStream(){',
      '    await sleep(10000);',
      '  }',
      '  exports.waitPromise = writeStream();',
      '}}',
      '###',
      '# @keepStreaming',
      'EVENTSOURCE https://postman-echo.com/server-events/5',
    );
    const [a, b] = parseHttpFile(text).requests;
    assert.deepEqual([a.method, a.sse, a.url, a.body], ['GET', true, 'https://postman-echo.com/server-events/5', undefined]);
    assert.deepEqual(headersOf(a), { Event: 'message' });
    assert.deepEqual([b.method, b.sse], ['GET', true]);
  });

  it('a path continued on the next indented line', () => {
    const [r] = parseHttpFile(lines('GET https://httpbin.org', '  /get')).requests;
    assert.equal(r.url, 'https://httpbin.org/get');
  });

  it('multi-line /* */ comments and a ### separator with a title', () => {
    const text = lines('/*', '  multi line comment', '*/', 'https://httpbin.org/post', '### separator', 'https://httpbin.org/anything');
    const [a, b] = parseHttpFile(text).requests;
    assert.deepEqual([a.url, a.name], ['https://httpbin.org/post', undefined]);
    assert.deepEqual([b.url, b.name], ['https://httpbin.org/anything', 'separator']);
  });

  it('a body right after the headers, without a blank line, starts at the first non-header line', () => {
    const [r] = parseHttpFile(lines('POST https://httpbin.org/anything', 'Content-Type: application/json', '{"a": 1}')).requests;
    assert.deepEqual(headersOf(r), { 'Content-Type': 'application/json' });
    assert.equal(bodyText(r), '{"a": 1}');
  });

  it('WebSocket and gRPC requests are not event streams', () => {
    assert.equal(parseHttpFile('WS wss://socketsbay.com/wss/v2/1/demo/\n').requests.length, 0);
    assert.equal(parseHttpFile('GRPC grpcb.in:9000/hello.HelloService/SayHello\n').requests.length, 0);
  });
});

describe('parseHttpFile: JetBrains HTTP client docs', () => {
  it('comments, short GET form, ### between requests, indented URL parts', () => {
    const text = lines(
      '// A basic request',
      'https://example.com/a/',
      '###',
      '// Using line breaks with indent',
      'GET http://example.com:8080',
      '    /api',
      '    /html',
      '    /get',
      '    ?id=123',
      '    &value=content',
      '',
      '### Named request',
      'POST http://example.com:8080/api/html/post HTTP/1.1',
      'Content-Type: application/json',
      'Cookie: key=first-value',
      '',
      '{ "key" : "value", "list": [1, 2, 3] }',
      '',
      '> {%',
      '  client.test("ok", function() {});',
      '%}',
    );
    const [a, b, c] = parseHttpFile(text).requests;
    assert.equal(a.url, 'https://example.com/a/');
    assert.equal(b.url, 'http://example.com:8080/api/html/get?id=123&value=content');
    assert.equal(c.name, 'Named request');
    assert.equal(bodyText(c), '{ "key" : "value", "list": [1, 2, 3] }', 'the response handler is not part of the body');
  });
});

describe('parseHttpFile: lines of the tools that are not requests', () => {
  it('a JetBrains pre-request script before the request line is skipped', () => {
    const [r] = parseHttpFile(lines('< {%', '    request.variables.set("firstname", "John")', '%}', 'GET http://example.org/{{firstname}}')).requests;
    assert.equal(r.url, 'http://example.org/{{firstname}}');
    assert.equal(r.line, 3);
  });

  it('httpYac directives, GraphQL fragments and other protocols get no lens', () => {
    const text = lines(
      'fragment IOParts on Repository {',
      '  description',
      '}',
      '###',
      'proto < ./hello.proto',
      'GRPC grpcb.in:9000/hello.HelloService/SayHello',
      '###',
      'wss://echo.example/socket',
      '###',
      'coffee',
      '@xpath_ns hello=http://learnwebservices.com/services/hello',
      'POST https://x.test/a',
      '###',
      'localhost:3000/events',
    );
    assert.deepEqual(parseHttpFile(text).requests.map((r) => [r.method, r.url]), [
      ['POST', 'https://x.test/a'],
      ['GET', 'localhost:3000/events'],
    ]);
  });
});

describe('parseHttpFile: edge cases', () => {
  it('CRLF files parse like LF files', () => {
    const lf = lines('@token = abc', '', 'POST https://x.test/a HTTP/1.1', 'Authorization: Bearer {{token}}', '', '{"a":1}', '', '###', 'GET https://x.test/b');
    const crlf = lf.replace(/\n/g, '\r\n');
    assert.deepEqual(parseHttpFile(crlf), parseHttpFile(lf));
    assert.equal(bodyText(parseHttpFile(crlf).requests[0]), '{"a":1}', 'no \\r left in the body');
  });

  it('### inside a JSON string of the body does not split the request', () => {
    const text = lines(
      'POST https://x.test/chat',
      'Content-Type: application/json',
      '',
      '{',
      '  "prompt": "### Title\\n### not a separator",',
      '  "stop": ["###"]',
      '}',
      '###',
      'GET https://x.test/next',
    );
    const parsed = parseHttpFile(text);
    assert.equal(parsed.requests.length, 2);
    assert.equal(bodyText(parsed.requests[0]), '{\n  "prompt": "### Title\\n### not a separator",\n  "stop": ["###"]\n}');
    const oneLine = parseHttpFile(lines('POST https://x.test/chat', '', '{"stop":"###","p":"a ### b"}')).requests;
    assert.equal(oneLine.length, 1);
    assert.equal(bodyText(oneLine[0]), '{"stop":"###","p":"a ### b"}');
  });

  it('a request with no blank line before ###', () => {
    const parsed = parseHttpFile(lines('POST https://x.test/a', 'Content-Type: text/plain', '', 'hello', '###', 'GET https://x.test/b', 'X-A: 1', '###', 'GET https://x.test/c'));
    assert.deepEqual(parsed.requests.map((r) => r.url), ['https://x.test/a', 'https://x.test/b', 'https://x.test/c']);
    assert.equal(bodyText(parsed.requests[0]), 'hello');
    assert.deepEqual(headersOf(parsed.requests[1]), { 'X-A': '1' });
    assert.equal(parsed.requests[1].endLine, 6);
  });

  it('lower-case methods, a BOM, a file of comments only', () => {
    assert.equal(parseHttpFile('\uFEFFpost https://x.test/a\n').requests[0].method, 'POST');
    assert.deepEqual(parseHttpFile('# nothing\n// here\n\n').requests, []);
    assert.deepEqual(parseHttpFile('').requests, []);
  });
});
