// "Copy as curl": the command is run by a real shell and a real curl (the oracle) against a local
// server, which records what arrived: method, headers, body. Secrets travel only as shell
// variables, never in the command text.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { shellQuote, shellVariableName, toCurl } from '../../../src/core/curl';
import { sse, SseTestServer } from '../../support/sseServer';

function runShell(command: string, env: Record<string, string>): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 10_000 }, (error, stdout) => {
      resolve({ stdout, code: error ? ((error as { code?: number }).code ?? 1) : 0 });
    });
  });
}

describe('toCurl', () => {
  let server: SseTestServer;
  beforeEach(async () => {
    server = await SseTestServer.start();
    server.route('/events', sse(['id: 1\ndata: hello\n\n'], { end: 'close' }));
  });
  afterEach(() => server.close());

  it('sends the method, headers and body; secrets come from shell variables', async () => {
    const body = `{"prompt":"it's \\"quoted\\" $HOME \`id\` \\\\ ###"}`;
    const { command, variables } = toCurl({
      url: server.url('/events?q=a b&x=$(id)'),
      method: 'POST',
      headers: { Authorization: 'Bearer real-token', 'X-Api-Key': 'k-123', 'X-Tenant': 'acme', 'X-From-Env': 'dotenv-value', 'Content-Type': 'application/json' },
      body,
      secretHeaders: ['X-From-Env'],
    });
    for (const secret of ['real-token', 'k-123', 'dotenv-value']) assert.ok(!command.includes(secret), `${secret} leaked into: ${command}`);
    assert.deepEqual(variables, ['AUTHORIZATION', 'X_API_KEY', 'X_FROM_ENV']);
    assert.match(command, /^curl -N -X 'POST' /);
    assert.ok(command.includes(`-H 'Authorization: '"$AUTHORIZATION"`), command);

    const run = await runShell(command, { AUTHORIZATION: 'Bearer real-token', X_API_KEY: 'k-123', X_FROM_ENV: 'dotenv-value' });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /data: hello/);
    const [request] = server.requests();
    assert.equal(request.url, '/events?q=a%20b&x=$(id)');
    assert.equal(request.method, 'POST');
    assert.equal(request.body, body);
    assert.equal(request.headers.authorization, 'Bearer real-token');
    assert.equal(request.headers['x-api-key'], 'k-123');
    assert.equal(request.headers['x-tenant'], 'acme');
    assert.equal(request.headers['x-from-env'], 'dotenv-value');
    assert.equal(request.headers.accept, 'text/event-stream');
    assert.equal(request.headers['cache-control'], 'no-cache');
  });

  it('GET without -X, Last-Event-ID and -k when asked, Accept kept when given', async () => {
    const { command, variables } = toCurl({ url: server.url('/events'), headers: { Accept: 'text/event-stream; charset=utf-8' }, lastEventId: '41', insecureTls: true });
    assert.deepEqual(variables, []);
    assert.match(command, /^curl -N -k '/);
    assert.ok(!command.includes('-X'));
    const run = await runShell(command, {});
    assert.equal(run.code, 0);
    const [request] = server.requests('/events');
    assert.equal(request.method, 'GET');
    assert.equal(request.headers['last-event-id'], '41');
    assert.equal(request.headers.accept, 'text/event-stream; charset=utf-8');
  });

  it('quotes and names', () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellVariableName('x-api-key'), 'X_API_KEY');
    assert.equal(shellVariableName('2fa-token'), '_2FA_TOKEN');
  });
});
