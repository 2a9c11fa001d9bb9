import * as assert from 'node:assert/strict';
import { parseHeaderLine } from '../../../src/core/headerLine';
import { isSecretHeaderName, splitSecretHeaders } from '../../../src/core/secretHeaders';
import { optionsToProfile, profileProblems, profileToOptions, type ConnectionProfile } from '../../../src/profiles/profileModel';

const DEFAULTS = { retryMs: 3000, maxEventBytes: 1024 };

describe('profiles', () => {
  it('knows which headers carry credentials', () => {
    for (const name of ['Authorization', 'cookie', 'X-API-Key', 'x-auth-token', 'X-Client-Secret', 'OpenAI-Api-Key', 'Proxy-Authorization']) {
      assert.ok(isSecretHeaderName(name), name);
    }
    for (const name of ['Accept', 'Content-Type', 'X-Request-Id', 'Last-Event-ID']) assert.ok(!isSecretHeaderName(name), name);
  });

  it('parses "Name: value" and explains bad lines', () => {
    assert.deepEqual(parseHeaderLine('Authorization: Bearer a:b'), { ok: true, name: 'Authorization', value: 'Bearer a:b' });
    assert.deepEqual(parseHeaderLine('  X-Trace :  1 '), { ok: true, name: 'X-Trace', value: '1' });
    assert.equal(parseHeaderLine('no colon').ok, false);
    assert.equal(parseHeaderLine(': value').ok, false);
    assert.equal(parseHeaderLine('Bad Name: x').ok, false);
  });

  it('splits secret headers from plain ones, by name and by mark', () => {
    const { plain, secrets } = splitSecretHeaders({ Authorization: 'Bearer t', Accept: 'x', 'X-Tenant': 'acme' }, ['x-tenant']);
    assert.deepEqual(plain, { Accept: 'x' });
    assert.deepEqual(secrets, { Authorization: 'Bearer t', 'X-Tenant': 'acme' });
  });

  it('reports unusable profiles in words', () => {
    assert.deepEqual(profileProblems({ name: 'a', url: 'http://x' }), []);
    assert.match(profileProblems({ url: 'http://x' }).join(), /no "name"/);
    assert.deepEqual(profileProblems({ name: 'a', url: 'http://x', llmFormat: 'anthropic' }), []);
    assert.match(profileProblems({ name: 'a', url: 'http://x', llmFormat: 'gpt' }).join(), /llmFormat "gpt" is not one of auto, off, openai-chat/);
    assert.match(profileProblems({ name: 'a', url: 'http://x', reconnect: { mode: 'sometimes' as never } }).join(), /not one of/);
  });

  it('turns a profile into client options with its secrets and reconnect policy', () => {
    const profile: ConnectionProfile = {
      name: 'llm',
      url: 'https://localhost:8443/v1/chat',
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      secretHeaders: ['Authorization'],
      body: '{"stream":true}',
      lastEventId: '41',
      reconnect: { mode: 'exponential', initialDelayMs: 100, maxDelayMs: 800, maxAttempts: 5 },
      connectTimeoutSeconds: 2.5,
      idleTimeoutSeconds: 30,
      insecureTls: true,
    };
    const options = profileToOptions(profile, { Authorization: 'Bearer s3cret' }, DEFAULTS);
    assert.deepEqual(options.headers, { 'Content-Type': 'application/json', Authorization: 'Bearer s3cret' });
    assert.deepEqual(options.reconnectPolicy, { kind: 'exponential', initialMs: 100, maxMs: 800, factor: undefined, maxAttempts: 5 });
    assert.equal(options.connectTimeoutMs, 2500);
    assert.equal(options.idleTimeoutMs, 30000);
    assert.equal(options.insecureTls, true);
    assert.equal(options.lastEventId, '41');
    assert.ok(options.secretHeaders?.includes('Authorization'));
    assert.equal(profileToOptions({ name: 'n', url: 'http://x', reconnect: { mode: 'never' } }, {}, DEFAULTS).reconnect, false);
    assert.deepEqual(profileToOptions({ name: 'f', url: 'http://x', reconnect: { mode: 'fixed', delayMs: 50 } }, {}, DEFAULTS).reconnectPolicy, {
      kind: 'fixed',
      delayMs: 50,
      maxAttempts: undefined,
    });
  });

  it('saving a connection keeps secret values out of the profile and gets them back', () => {
    const { profile, secretValues } = optionsToProfile('api', {
      url: 'http://127.0.0.1:3000/stream',
      method: 'post',
      headers: { Authorization: 'Bearer s3cret', 'X-Team': 'core', 'X-Api-Key': 'k-123' },
      body: '{}',
      reconnectPolicy: { kind: 'fixed', delayMs: 250, maxAttempts: 3 },
      idleTimeoutMs: 15000,
    });
    const written = JSON.stringify(profile);
    assert.ok(!written.includes('s3cret') && !written.includes('k-123'), written);
    assert.deepEqual(profile.headers, { 'X-Team': 'core' });
    assert.deepEqual(profile.secretHeaders, ['Authorization', 'X-Api-Key']);
    assert.deepEqual(secretValues, { Authorization: 'Bearer s3cret', 'X-Api-Key': 'k-123' });
    assert.equal(profile.method, 'POST');
    assert.deepEqual(profile.reconnect, { mode: 'fixed', delayMs: 250, maxAttempts: 3 });
    assert.equal(profile.idleTimeoutSeconds, 15);
    const back = profileToOptions(profile, secretValues, DEFAULTS);
    assert.deepEqual(back.headers, { 'X-Team': 'core', Authorization: 'Bearer s3cret', 'X-Api-Key': 'k-123' });
  });

  it('saving keeps a Message format forced in the panel, and connecting forces it again', () => {
    const options = { url: 'http://127.0.0.1:3000/v1/chat/completions' };
    assert.equal(optionsToProfile('auto', options, 'auto').profile.llmFormat, undefined, 'auto is the default: left out');
    assert.equal(optionsToProfile('none', options).profile.llmFormat, undefined);
    for (const forced of ['anthropic', 'off']) {
      const { profile } = optionsToProfile('forced', options, forced);
      assert.equal(profile.llmFormat, forced);
      assert.deepEqual(profileProblems(profile), [], 'the saved profile is valid');
    }
  });
});
