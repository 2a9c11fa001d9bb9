import * as assert from 'node:assert/strict';
import { classifyResponse } from '../../../src/core/responseCheck';

describe('classifyResponse', () => {
  it('accepts 200 text/event-stream, in any case and with parameters', () => {
    for (const type of ['text/event-stream', 'Text/Event-Stream; charset=utf-8', ' text/event-stream ;x=y']) {
      assert.deepEqual(classifyResponse(200, 'OK', type), { kind: 'accept' });
    }
  });

  it('closes cleanly on 204, whatever the type', () => {
    assert.deepEqual(classifyResponse(204, 'No Content', null), { kind: 'no-content' });
    assert.deepEqual(classifyResponse(204, '', 'text/event-stream'), { kind: 'no-content' });
  });

  it('fails without reconnecting on any other status, even with the right type', () => {
    for (const status of [201, 206, 301, 401, 404, 500, 503]) {
      const verdict = classifyResponse(status, 'X', 'text/event-stream');
      assert.equal(verdict.kind, 'fail-no-reconnect');
      if (verdict.kind !== 'fail-no-reconnect') return;
      assert.equal(verdict.error.code, 'HTTP_STATUS');
      assert.equal(verdict.error.fatal, true);
      assert.match(verdict.error.message, new RegExp(`${status} X`));
    }
  });

  it('fails without reconnecting on a 200 that is not an event stream, and names what it was', () => {
    for (const type of [null, 'text/html', 'application/json', 'text/event-streams', 'text/plain; a=text/event-stream']) {
      const verdict = classifyResponse(200, 'OK', type);
      assert.equal(verdict.kind, 'fail-no-reconnect');
      if (verdict.kind !== 'fail-no-reconnect') return;
      assert.equal(verdict.error.code, 'CONTENT_TYPE');
      assert.equal(verdict.error.fatal, true);
      assert.ok(verdict.error.message.includes(type ?? 'no Content-Type'));
    }
  });
});
