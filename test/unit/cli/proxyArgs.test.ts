import assert from 'node:assert/strict';
import { parseListen, parseProxyArgs } from '../../../src/cli/proxy';

describe('sse-inspector proxy arguments', () => {
  it('reads target, listen, output, -k', () => {
    assert.deepEqual(parseProxyArgs(['--target', 'http://x:1', '--listen', '127.0.0.1:8080', '-o', 'c.ndjson', '-k']), {
      kind: 'proxy', target: 'http://x:1', host: '127.0.0.1', port: 8080, output: 'c.ndjson', insecureTls: true, maxEventBytes: undefined,
    });
    const defaults = parseProxyArgs(['--target=http://x']);
    assert.ok(defaults.kind === 'proxy' && defaults.host === '127.0.0.1' && defaults.port === 0 && !defaults.insecureTls);
    assert.deepEqual(parseProxyArgs(['--help']), { kind: 'help' });
  });

  it('reads HOST:PORT, [v6]:PORT and a bare port', () => {
    assert.deepEqual(parseListen('0.0.0.0:80'), { host: '0.0.0.0', port: 80 });
    assert.deepEqual(parseListen('[::1]:9'), { host: '::1', port: 9 });
    assert.deepEqual(parseListen('8080'), { host: '127.0.0.1', port: 8080 });
    for (const bad of ['x', '1:2:3', '127.0.0.1:70000', '127.0.0.1:']) assert.equal(typeof parseListen(bad), 'string', bad);
  });

  it('says what is wrong', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /needs --target/],
      [['--target'], /--target needs a value/],
      [['--target', 'http://x', '--bogus'], /Unknown option --bogus/],
      [['http://x'], /give the server as --target http:\/\/x/],
      [['--target', 'http://x', '--max-event-bytes', '0'], /whole number >= 1/],
    ];
    for (const [argv, pattern] of cases) {
      const command = parseProxyArgs(argv);
      assert.ok(command.kind === 'usage-error' && pattern.test(command.message), `${argv.join(' ')}: ${JSON.stringify(command)}`);
    }
  });
});
