import assert from 'node:assert/strict';
import { parseArgs } from '../../../src/cli/args';
import { isLoopback } from '../../../src/cli/serve';

describe('CLI arguments: serve', () => {
  it('reads files, server options and fault flags', () => {
    const command = parseArgs(['serve', 'a.ndjson', 'b.ndjson', '--port', '4000', '--host=localhost', '--path', '/events', '--speed', '0.5', '--loop',
      '--drop-after', '3', '--chunk-bytes=random', '--line-endings', 'crlf', '--bom', '--stall-after', '2:10', '--fail-first', '1:503', '--gzip']);
    assert.deepEqual(command, {
      kind: 'serve',
      files: ['a.ndjson', 'b.ndjson'],
      port: 4000,
      host: 'localhost',
      path: '/events',
      speed: 0.5,
      loop: true,
      faults: { dropAfter: 3, chunkBytes: 'random', lineEndings: 'crlf', bom: true, stallAfter: { events: 2, seconds: 10 }, failFirst: { count: 1, status: 503 }, gzip: true },
    });
  });

  const errors: Array<[string[], RegExp]> = [
    [['serve'], /serve needs a recording/],
    [['serve', 'a', '--port', '70000'], /--port takes a port number/],
    [['serve', 'a', '--speed', 'fast'], /--speed takes a number >= 0/],
    [['serve', 'a', '--chunk-bytes'], /--chunk-bytes needs a value/],
    [['serve', 'a', '--loop=yes'], /--loop takes no value/],
    [['serve', 'a', '--bom=perhaps'], /--bom is on or off/],
    [['serve', 'a', '--verbose'], /Unknown option --verbose for serve/],
  ];
  for (const [argv, message] of errors) {
    it(`refuses ${argv.slice(1).join(' ') || 'no file'}`, () => {
      const command = parseArgs(argv);
      assert.equal(command.kind, 'usage-error');
      assert.match(command.kind === 'usage-error' ? command.message : '', message);
    });
  }

  it('knows loopback hosts (others get a warning)', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.equal(isLoopback(host), true, host);
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'example.com']) assert.equal(isLoopback(host), false, host);
  });
});
