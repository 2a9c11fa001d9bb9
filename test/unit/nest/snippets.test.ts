/**
 * The contributed snippets expand (with their defaults) to exactly what the templates, and so
 * the commands and the proof test, produce.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { broadcastControllerClass, broadcastServiceClass, eventSourceClient, intervalControllerFile, resumableSseHandler, sseHandler } from '../../../src/nest/analysis/templates';
import { expandSnippet } from './snippetExpand';
import { CODES } from '../../../src/core/diagnostics/codes';

type Snippet = { prefix: string[]; body: string[]; description: string; scope: string };
const snippets = JSON.parse(readFileSync(join(__dirname, '../../../../snippets/nestjs-sse.code-snippets'), 'utf8')) as Record<string, Snippet>;

describe('snippets', () => {
  it('the handler snippet is the command\'s handler', () => {
    const body = snippets['NestJS @Sse() handler'].body;
    assert.equal(expandSnippet(body).trimEnd(), sseHandler({ path: 'events', methodName: 'events' }));
    assert.equal(expandSnippet(body, { 1: 'prices', 2: 'prices', 3: '250', 4: 'price' }).trimEnd(), sseHandler({ path: 'prices', methodName: 'prices', periodMs: '250', eventType: 'price' }));
    assert.ok(body.join('\n').includes('${4|tick,update,message|}'), 'the event type is a choice');
  });

  it('the resumable snippet sets id, type and retry and reads last-event-id', () => {
    const text = expandSnippet(snippets['NestJS @Sse() resumable handler with id, type and retry'].body).trimEnd();
    assert.equal(text, resumableSseHandler({ path: 'events', methodName: 'events' }));
    for (const essential of ["@Headers('last-event-id')", 'id: String(', "type: 'tick'", 'retry: n === 0 ? 3000']) assert.ok(text.includes(essential), essential);
  });

  it('the broadcast snippet is the service and controller the command writes', () => {
    const text = expandSnippet(snippets['NestJS SSE broadcast service and controller'].body, { 1: 'news-feed' });
    assert.ok(text.includes(broadcastServiceClass('NewsFeed')));
    assert.ok(text.includes(broadcastControllerClass({ kebabName: 'news-feed', pascalName: 'NewsFeed', camelName: 'newsFeed' })));
    for (const essential of ['new Subject<MessageEvent>()', 'emit(data', 'finalize(', '@Sse()']) assert.ok(text.includes(essential), essential);
  });

  it('the controller snippet is the interval controller file', () => {
    assert.equal(expandSnippet(snippets['NestJS SSE controller (interval stream)'].body, { 1: 'clock' }), intervalControllerFile({ kebabName: 'clock', pascalName: 'Clock', camelName: 'clock' }));
  });

  it('the client snippet opens, parses, listens by name and closes', () => {
    const text = expandSnippet(snippets['EventSource client'].body).trimEnd();
    assert.equal(text, eventSourceClient({ url: '/events', eventType: 'tick' }));
    for (const essential of ["new EventSource('/events')", 'onmessage', 'JSON.parse(event.data)', "addEventListener('tick'", 'close()']) assert.ok(text.includes(essential), essential);
  });

  it('the snippets the diagnostics hints name exist and show the fix', () => {
    const byPrefix = (prefix: string) => Object.values(snippets).find((s) => s.prefix.includes(prefix));
    const heartbeat = expandSnippet(byPrefix('sse-heartbeat')!.body);
    for (const essential of ['@Sse(', 'merge(', "comment: 'heartbeat'", 'interval(15000)']) assert.ok(heartbeat.includes(essential), essential);
    const compression = expandSnippet(byPrefix('sse-compression-filter')!.body);
    for (const essential of ['compression({', 'filter:', "startsWith('text/event-stream')", 'compression.filter(req, res)']) assert.ok(compression.includes(essential), essential);
    const headers = expandSnippet(byPrefix('sse-headers')!.body);
    for (const essential of ["@Header('Cache-Control', 'no-cache, no-transform')", "@Header('X-Accel-Buffering', 'no')"]) assert.ok(headers.includes(essential), essential);
    for (const info of Object.values(CODES)) {
      for (const [, prefix] of info.hint.matchAll(/\(snippet ([\w-]+)\)/g)) assert.ok(byPrefix(prefix), `hint names snippet ${prefix}`);
    }
  });

  it('every snippet is for TypeScript and has a prefix and description', () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.ok(snippet.prefix.length > 0 && snippet.description.length > 20, name);
      assert.match(snippet.scope, /typescript/);
    }
  });
});
