/**
 * The Message view in real Chromium, fed by the real host-side merge (PanelLlmMerge) of the LLM
 * fixtures: Markdown, reasoning, tool calls, timing, clicking text to select its event, and
 * hostile Markdown (HTML with handlers, javascript:/command: links, remote images).
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PanelLlmMerge } from '../../../src/panel/llmMerge';
import type { HostToWebview, LlmMessageView, SessionInfo } from '../../../src/shared/protocol';
import type { StreamRecord } from '../../../src/shared/records';
import { fixtureSession } from '../../llm/support/fixtures';
import { posted, send, type HostFeed } from './harness';
import { usePanelPages } from './panelPages';

const SESSION: SessionInfo = { id: 'm1', title: 'LLM', url: 'http://127.0.0.1:3917/llm/openai-chat', mode: 'live', method: 'POST', requestHeaders: {} };

/** What the host would post for these records to a webview that has nothing yet. */
function hostView(records: readonly StreamRecord[]): HostFeed {
  let last: HostToWebview | undefined;
  const merge = new PanelLlmMerge('auto', (view, choice) => (last = { type: 'llm', view, choice }));
  merge.reset(records);
  // Whole, as to a webview that just loaded (later posts carry only what is new).
  merge.flush(true);
  merge.dispose();
  return { type: 'post', message: last! };
}

function init(records: StreamRecord[]): HostFeed {
  return {
    type: 'init',
    session: SESSION,
    stats: { phase: 'closed', events: records.length, comments: 0, bytes: 0, reconnects: 0, eventsPerSecond: 0, dropped: 0, startedAt: Date.now() - 5000 },
    records,
    maxEvents: 100_000,
  };
}

describe('Message view in Chromium', function () {
  this.timeout(60_000);
  const panel = usePanelPages();
  let page: Page;
  /** Every URL the page asked for: text from the stream must load nothing. */
  let requests: string[];

  beforeEach(async () => {
    page = await panel.open('dark', undefined, { width: 1400, height: 800 });
    requests = [];
    page.on('request', (r) => requests.push(r.url()));
  });

  it('shows the merged answer: Markdown, reasoning collapsed, tool calls, usage, timing; a click selects the event', async () => {
    const records = fixtureSession('openai-chat', Date.now() - 3000, 40);
    await send(page, init(records));
    await send(page, hostView(records));
    const message = page.locator('.sse-message');
    await message.locator('.sse-msg-text strong').first().waitFor();
    assert.equal(await message.locator('.sse-msg-text strong').first().textContent(), 'weather');
    assert.equal(await message.locator('details.sse-msg-reasoning').getAttribute('open'), null, 'reasoning starts collapsed');
    const tools = message.locator('.sse-msg-tool');
    assert.equal(await tools.count(), 2);
    assert.match((await tools.first().textContent()) ?? '', /get_weather · call_1/);
    assert.equal(await tools.first().locator('pre').textContent(), JSON.stringify({ city: 'Paris', unit: 'celsius' }, null, 2));
    const badges = (await message.locator('.sse-msg-badges').textContent()) ?? '';
    for (const part of ['openai-chat', 'deepseek-reasoner', 'finish: tool_calls', 'tokens: 12 in / 34 out (9 reasoning)']) assert.ok(badges.includes(part), part);
    const timing = (await message.locator('.sse-msg-timing').textContent()) ?? '';
    assert.match(timing, /TTFT/);
    assert.equal(await message.locator('.sse-msg-bar').count(), 9);
    await page.screenshot({ path: 'test-results/message-openai-chat.png' });

    // Raw text: every piece knows its event; clicking one selects that row and the detail says what it added.
    await message.locator('.sse-msg-raw').click();
    const piece = message.locator('.sse-msg-text .sse-msg-piece').nth(1);
    assert.equal(await piece.getAttribute('data-seq'), '7');
    await piece.click();
    await page.locator('.sse-detail-added').waitFor();
    assert.match((await page.locator('.sse-detail').textContent()) ?? '', /#7/);
    assert.equal(await page.locator('.sse-detail-added-text').first().textContent(), ' check the **weather** in Paris');
    await page.screenshot({ path: 'test-results/message-selected.png' });
  });

  it('marks an incomplete stream and a malformed chunk, and shows a provider error prominently', async () => {
    const malformed = fixtureSession('openai-chat-malformed');
    await send(page, init(malformed));
    await send(page, hostView(malformed));
    await page.locator('.sse-msg-badge.is-incomplete').waitFor();
    assert.match((await page.locator('.sse-msg-gaps').textContent()) ?? '', /1 event could not be read.*#3/);
    const failed = fixtureSession('anthropic-error');
    await send(page, hostView(failed));
    await page.locator('.sse-msg-error[role="alert"]').waitFor();
    assert.match((await page.locator('.sse-msg-error').textContent()) ?? '', /Provider error \(overloaded_error\): Overloaded/);
    await page.screenshot({ path: 'test-results/message-error.png' });
  });

  it('renders hostile Markdown inert: no HTML, no script, no image loads, only http(s) links, opened via the host', async () => {
    const hostile = [
      '# Title <img src=x onerror="alert(1)">',
      '<script>alert(2)</script><b onclick="alert(3)">bold?</b>',
      '[js](javascript:alert(4)) [cmd](command:workbench.action.terminal.new) [data](data:text/html,<script>alert(5)</script>)',
      '![remote](http://127.0.0.1:9/tracker.png) [ok](https://example.com/docs)',
      '<a href="command:workbench.action.quit">quit</a>',
    ].join('\n\n');
    const chunk = (content: string) => JSON.stringify({ object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] });
    const records: StreamRecord[] = [
      { kind: 'connecting', seq: 1, time: Date.now() - 1000, url: 'http://x', method: 'POST', requestHeaders: {}, attempt: 0 },
      { kind: 'event', seq: 2, time: Date.now() - 900, type: 'message', data: chunk(hostile), lastEventId: '', size: 1 },
      { kind: 'event', seq: 3, time: Date.now() - 800, type: 'message', data: '[DONE]', lastEventId: '', size: 6 },
    ];
    await send(page, init(records));
    await send(page, hostView(records));
    const text = page.locator('.sse-msg-text');
    await text.locator('h1').waitFor();
    assert.equal(await page.locator('.sse-message img, .sse-message script, .sse-message [onclick], .sse-message [onerror], .sse-message [href]').count(), 0);
    assert.match((await text.textContent()) ?? '', /<img src=x onerror="alert\(1\)">/, 'HTML shows as text');
    // markdown-it refuses javascript: and data: links itself (they stay source text); command: gets
    // through its check, and ours makes it plain text.
    assert.equal(await text.locator('.sse-md-badlink').count(), 1);
    assert.equal(await text.locator('.sse-md-badlink').textContent(), 'cmd');
    assert.match((await text.textContent()) ?? '', /\[js\]\(javascript:alert\(4\)\)/);
    assert.match((await text.textContent()) ?? '', /\[image: remote\]/);
    const links = text.locator('a[data-href]');
    assert.equal(await links.count(), 1);
    await links.first().click();
    await page.screenshot({ path: 'test-results/message-hostile.png' });
    const messages = await posted(page);
    assert.deepEqual(messages.filter((m) => m.type === 'openLink'), [{ type: 'openLink', url: 'https://example.com/docs' }]);
    assert.equal(requests.filter((u) => u.includes('tracker.png') || u.includes('example.com')).length, 0, 'nothing loaded from the text');
    assert.deepEqual(panel.dialogs, []);
  });

  it('the format picker asks the host to merge again', async () => {
    const records = fixtureSession('gemini');
    await send(page, init(records));
    const feed = hostView(records);
    await send(page, feed);
    const view = (feed as Extract<HostFeed, { type: 'post' }>).message as Extract<HostToWebview, { type: 'llm' }>;
    assert.equal((view.view as LlmMessageView).merged.format, 'gemini');
    await page.locator('.sse-msg-picker').selectOption('anthropic');
    const messages = await posted(page);
    assert.deepEqual(messages.filter((m) => m.type === 'llmFormat'), [{ type: 'llmFormat', choice: 'anthropic' }]);
  });
});
