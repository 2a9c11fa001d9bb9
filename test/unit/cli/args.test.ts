import assert from 'node:assert/strict';
import { parseArgs } from '../../../src/cli/args';

describe('CLI arguments', () => {
  it('reads every option into client options', () => {
    const command = parseArgs(
      ['record', 'http://x.test/e', '-X', 'PUT', '-H', 'Authorization: Bearer a:b', '--header=X-A: 1', '-d', '@body.json', '--last-event-id', '7',
        '--max-events', '5', '--timeout', '1.5', '--no-reconnect', '--retry', '250', '--max-attempts', '3', '--connect-timeout', '2',
        '--idle-timeout', '4', '--max-event-bytes', '100', '-k', '--proxy', 'http://p.test:8080', '-o', 'out.ndjson'],
      (path) => Buffer.from(`contents of ${path}`),
    );
    assert.equal(command.kind, 'record');
    if (command.kind !== 'record') return;
    assert.deepEqual(command, {
      kind: 'record',
      client: {
        url: 'http://x.test/e',
        method: 'PUT',
        headers: { Authorization: 'Bearer a:b', 'X-A': '1' },
        body: new Uint8Array(Buffer.from('contents of body.json')),
        lastEventId: '7',
        reconnect: false,
        retryMs: 250,
        reconnectPolicy: { kind: 'server', maxAttempts: 3 },
        connectTimeoutMs: 2000,
        idleTimeoutMs: 4000,
        maxEventBytes: 100,
        insecureTls: true,
        proxy: 'http://p.test:8080',
      },
      maxEvents: 5,
      timeoutMs: 1500,
      output: 'out.ndjson',
    });
  });

  it('reads --raw and --no-diagnostics', () => {
    const command = parseArgs(['record', 'http://x.test/', '--raw', '--no-diagnostics']);
    assert.ok(command.kind === 'record' && command.raw === true && command.diagnostics === false);
    const plain = parseArgs(['record', 'http://x.test/']);
    assert.ok(plain.kind === 'record' && plain.raw === undefined && plain.diagnostics === undefined);
  });

  it('uses POST when a body is given without a method', () => {
    const command = parseArgs(['record', 'http://x.test/', '-d', '{"a":1}']);
    assert.ok(command.kind === 'record' && command.client.method === 'POST' && command.client.body === '{"a":1}');
  });

  it('asks for help, and explains usage mistakes in one line', () => {
    assert.deepEqual(parseArgs([]), { kind: 'help' });
    assert.deepEqual(parseArgs(['record', '--help']), { kind: 'help' });
    const cases: Array<[string[], RegExp]> = [
      [['play', 'x'], /Unknown command "play"/],
      [['record'], /needs a URL/],
      [['record', 'a', 'b'], /One URL only/],
      [['record', 'u', '--max-events'], /--max-events needs a value/],
      [['record', 'u', '--max-events', '-1'], /whole number >= 0/],
      [['record', 'u', '-H', 'novalue'], /Name: value/],
      [['record', 'u', '--frobnicate'], /Unknown option --frobnicate/],
      [['record', 'u', '-d', '@/no/such/file'], /Cannot read the body file/],
    ];
    for (const [argv, message] of cases) {
      const command = parseArgs(argv);
      assert.equal(command.kind, 'usage-error', argv.join(' '));
      if (command.kind === 'usage-error') assert.match(command.message, message);
    }
  });

  it('reads -H with the rules profiles and the input box apply, never echoing the value', () => {
    for (const bad of ['Bad Name: secret-1', 'X-A: a\r\nX-Injected: secret-1', 'X-A: secret-1\u0000', ': secret-1', 'Authorization Bearer secret-1']) {
      const command = parseArgs(['record', 'http://x.test/e', '-H', bad]);
      assert.equal(command.kind, 'usage-error', JSON.stringify(bad));
      if (command.kind === 'usage-error') assert.ok(!command.message.includes('secret-1'), command.message);
    }
  });

  it('takes --secret-header names for the client to mask', () => {
    const command = parseArgs(['record', 'http://x.test/e', '-H', 'X-Tenant: acme', '--secret-header', 'X-Tenant']);
    assert.ok(command.kind === 'record');
    if (command.kind === 'record') assert.deepEqual(command.client.secretHeaders, ['X-Tenant']);
    assert.equal(parseArgs(['record', 'http://x.test/e', '--secret-header', 'not a name']).kind, 'usage-error');
  });
});
