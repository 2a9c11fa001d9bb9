import assert from 'node:assert/strict';
import { tokenizeArgs } from '../../../src/cli/argTokens';

describe('CLI tokens (every subcommand reads its arguments this way)', () => {
  const takesValue = (arg: string) => ['--port', '-o'].includes(arg);

  it('takes a value from --name=value or from the next argument, for options that take one', () => {
    assert.deepEqual(tokenizeArgs(['--port=8080', '-o', 'out.ndjson', '--loop', 'file.ndjson'], takesValue), [
      { arg: '--port', value: '8080' },
      { arg: '-o', value: 'out.ndjson' },
      { arg: '--loop' },
      { arg: 'file.ndjson' },
    ]);
  });

  it('keeps an = in a value, and a plain argument whole', () => {
    assert.deepEqual(tokenizeArgs(['--port', 'a=b', 'http://h/?q=1', '--speed=x=y'], takesValue), [
      { arg: '--port', value: 'a=b' },
      { arg: 'http://h/?q=1' },
      { arg: '--speed', value: 'x=y' },
    ]);
  });

  it('says which option lacks its value, and where to read', () => {
    assert.equal(tokenizeArgs(['file', '--port'], takesValue), '--port needs a value (see --help).');
    assert.equal(tokenizeArgs(['-o'], takesValue, 'see sse-inspector proxy --help'), '-o needs a value (see sse-inspector proxy --help).');
  });
});
