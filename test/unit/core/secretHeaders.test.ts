import * as assert from 'node:assert/strict';
import { isSecretHeaderName, maskHeaders, maskRecordSecrets, SECRET_MASK } from '../../../src/core/secretHeaders';
import type { StreamRecord } from '../../../src/shared/records';

describe('secretHeaders', () => {
  it('masks the named credentials and any name that says token, secret or key, in any case', () => {
    const secret = ['Authorization', 'cookie', 'Set-Cookie', 'x-api-key', 'API-KEY', 'X-Auth-Token', 'X-Client-Secret', 'OpenAI-Api-Key', 'Sec-Key', 'x-goog-api-key', 'Proxy-Authorization', 'X-Password'];
    for (const name of secret) assert.ok(isSecretHeaderName(name), name);
    for (const name of ['Accept', 'Content-Type', 'X-Request-Id', 'Last-Event-ID', 'Cache-Control']) assert.ok(!isSecretHeaderName(name), name);
  });

  it('masks declared names too, and keeps order and the other values', () => {
    const shown = maskHeaders({ Accept: 'a', 'X-Tenant': 'acme', Authorization: 'Bearer t', 'X-Trace': '1' }, ['x-tenant']);
    assert.deepEqual(Object.entries(shown), [
      ['Accept', 'a'],
      ['X-Tenant', SECRET_MASK],
      ['Authorization', SECRET_MASK],
      ['X-Trace', '1'],
    ]);
  });

  it('masks the headers of connecting, open and error records; leaves other records and clean ones as they are', () => {
    const connecting: StreamRecord = { kind: 'connecting', seq: 1, time: 1, url: 'http://x/', method: 'GET', requestHeaders: { Cookie: 'a=b', Accept: 'x' }, attempt: 0 };
    const open: StreamRecord = { kind: 'open', seq: 2, time: 1, url: 'http://x/', status: 200, statusText: 'OK', headers: { 'set-cookie': 's=1' }, redirected: false };
    const error: StreamRecord = { kind: 'error', seq: 3, time: 1, message: 'm', code: 'HTTP_STATUS', willReconnect: false, headers: { 'x-tenant': 'acme' } };
    const event: StreamRecord = { kind: 'event', seq: 4, time: 1, type: 'message', data: 'Authorization: x', lastEventId: '', size: 16 };
    const masked = [connecting, open, error, event].map((r) => maskRecordSecrets(r, ['X-Tenant']));
    assert.ok(!JSON.stringify(masked).includes('a=b') && !JSON.stringify(masked).includes('s=1') && !JSON.stringify(masked).includes('acme'));
    assert.equal(masked[3], event, 'an event is returned as is');
    assert.equal(connecting.kind === 'connecting' && connecting.requestHeaders.Cookie, 'a=b', 'the given record is not changed');
    const again = maskRecordSecrets(masked[0]);
    assert.equal(again, masked[0], 'masking twice changes nothing');
  });
});
