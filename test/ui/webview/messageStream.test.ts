/**
 * The Message view's Markdown while an answer streams is rendered incrementally (only the last
 * block again, markdownStream.ts). In real Chromium, one page gets the answer as it grows (the
 * way the host posts it) and another page renders each of the same prefixes from scratch: the
 * DOM, `data-line` included, is the same at every step, and the final render is exact even where
 * streaming cannot be (a reference link defined after its use).
 */
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { LlmMessageView, SessionInfo } from '../../../src/shared/protocol';
import type { StreamRecord } from '../../../src/shared/records';
import { FROZEN_GROUP_BLOCKS } from '../../../src/webview/message/markdownStream';
import { launchChromium, send, startPanelServer, type HostFeed, type PanelServer } from './harness';

const SESSION: SessionInfo = { id: 's1', title: 'LLM', url: 'http://127.0.0.1:3917/v1/chat/completions', mode: 'live', method: 'POST', requestHeaders: {} };

const ANSWER = [
  '# Weather in Paris',
  '',
  'It is **mild** today, with *light* rain and a `code` span.',
  'A second line of the same paragraph.',
  '',
  '- tight item one',
  '- tight item two',
  '',
  '1. loose item',
  '',
  '2. another loose item',
  '   continued inside the item',
  '',
  '```js',
  'const a = 1;',
  '',
  'console.log(a);',
  '```',
  '',
  '> a quote',
  'lazily continued',
  '',
  '| day | °C |',
  '| --- | -- |',
  '| Mon | 18 |',
  '| Tue | 17 |',
  '',
  'Setext heading',
  '==============',
  '',
  '    indented code',
  '',
  '***',
  'Last words with a [link](https://example.com) and é 🌦.',
].join('\n');

function init(): HostFeed {
  const records: StreamRecord[] = [];
  return {
    type: 'init',
    session: SESSION,
    stats: { phase: 'open', events: 0, comments: 0, bytes: 0, reconnects: 0, eventsPerSecond: 0, dropped: 0, startedAt: Date.now() - 5000 },
    records,
    maxEvents: 100_000,
  };
}

function llm(text: string, streaming: boolean): HostFeed {
  const view: LlmMessageView = {
    merged: { kind: 'merged', seq: 2, time: Date.now(), format: 'openai-chat', text, complete: !streaming, timing: { durationMs: 10, chunks: 1 } },
    textPieces: { seqs: [2], ends: [text.length] },
    reasoningPieces: { seqs: [], ends: [] },
    gapHistogram: [],
    gapBuckets: [],
    streaming,
    choice: 'auto',
  };
  return { type: 'post', message: { type: 'llm', view, choice: 'auto' } };
}

/**
 * The Message text's DOM once the view painted what was sent. Blocks that are done sit in groups
 * (`sse-md-group`), and a full group carries marks that only tell the browser it may skip it off
 * screen (class sse-md-frozen and its measured height): the groups are unwrapped here, and the
 * rest must be the same as a from-scratch render.
 */
async function shown(page: Page): Promise<string> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  return page.locator('.sse-msg-text').evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const group of copy.querySelectorAll<HTMLElement>(':scope > .sse-md-group')) group.replaceWith(...group.childNodes);
    return copy.innerHTML;
  });
}

/** Each top-level block's top edge, by its `data-line`, from the top of the Message text (CSS px, rounded). */
async function blockTops(page: Page): Promise<Array<[string, number]>> {
  await shown(page);
  return page.locator('.sse-msg-text').evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    return Array.from(el.querySelectorAll<HTMLElement>(':scope > [data-line], :scope > .sse-md-group > [data-line]')).map((b) => [b.dataset.line ?? '', Math.round(b.getBoundingClientRect().top - top)] as [string, number]);
  });
}

describe('Message view: Markdown rendered incrementally while it streams', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: PanelServer;
  let streaming: Page;
  let whole: Page;

  before(async () => {
    server = await startPanelServer();
    browser = await launchChromium();
    streaming = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    whole = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    for (const page of [streaming, whole]) {
      await page.goto(server.url('dark'));
      await page.waitForSelector('.sse-toolbar');
      await send(page, init());
    }
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows every prefix exactly as a from-scratch render does, blocks frozen or not', async () => {
    const cuts: number[] = [];
    // Cuts everywhere that matters: inside words, at line ends, at blank lines, through the fence and the table.
    for (let at = 1; at < ANSWER.length; at += 7) cuts.push(at);
    for (let at = ANSWER.indexOf('\n'); at !== -1; at = ANSWER.indexOf('\n', at + 1)) cuts.push(at, at + 1);
    const sorted = [...new Set(cuts)].sort((a, b) => a - b);
    let frozenSeen = false;
    for (const at of [...sorted, ANSWER.length]) {
      const prefix = ANSWER.slice(0, at);
      await send(streaming, llm(prefix, true));
      await send(whole, llm(prefix, false));
      const [got, expected] = [await shown(streaming), await shown(whole)];
      assert.equal(got, expected, `after ${at} characters: ${JSON.stringify(prefix.slice(-30))}`);
      if (at > ANSWER.length / 2) frozenSeen ||= (await streaming.locator('.sse-msg-text > .sse-md-group > *').count()) > 3;
    }
    assert.ok(frozenSeen);
    // The end of the stream renders whole: the same DOM again.
    await send(streaming, llm(ANSWER, false));
    assert.equal(await shown(streaming), await shown(whole));
  });

  it('a reference link defined after its use resolves once the stream ends', async () => {
    const text = 'See [the docs][d] first.\n\nMore text.\n\nEven more.\n\n[d]: https://example.com/docs\n';
    await send(streaming, llm('', false)); // another answer: starts over
    for (let at = 1; at <= text.length; at += 5) await send(streaming, llm(text.slice(0, at), true));
    await send(streaming, llm(text, false));
    await send(whole, llm(text, false));
    const final = await shown(streaming);
    assert.equal(final, await shown(whole));
    assert.match(final, /data-href="https:\/\/example.com\/docs"/);
  });

  it('a text that is no continuation of the last (another stream) is rendered from scratch', async () => {
    await send(streaming, llm('# First answer\n\nparagraph one\n\nparagraph two', true));
    await shown(streaming);
    await send(streaming, llm('Second answer, unrelated', true));
    await send(whole, llm('Second answer, unrelated', false));
    assert.equal(await shown(streaming), await shown(whole));
  });

  it('a streaming text right after a whole render (the next stream\'s first paint) is rendered from scratch', async () => {
    // The view paints the latest message once a frame: a new stream's first text can come with no
    // empty text between it and the last stream's final, whole render.
    await send(streaming, llm('# Done answer\n\nits last paragraph', false));
    await shown(streaming);
    await send(streaming, llm('Next answer, streaming', true));
    await send(whole, llm('Next answer, streaming', false));
    assert.equal(await shown(streaming), await shown(whole));
  });

  it('a long last block is rendered again at a pace, its new text shown at once in between', async () => {
    await send(streaming, llm('', false)); // another answer: starts over
    // One paragraph of 40,000 characters (a model that never breaks a line), then 40 quick updates.
    let text = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ').slice(0, 40_000);
    await send(streaming, llm(text, true));
    await shown(streaming);
    await streaming.evaluate(() => {
      const w = window as unknown as { __renders: number };
      w.__renders = 0;
      new MutationObserver((list) => {
        for (const m of list) for (const n of m.addedNodes) if ((n as Element).tagName === 'P') w.__renders++;
      }).observe(document.querySelector('.sse-msg-text') as Element, { childList: true });
    });
    for (let i = 0; i < 40; i++) {
      text += ` marker${i}`;
      await send(streaming, llm(text, true));
      await shown(streaming);
      assert.match(await streaming.locator('.sse-msg-text').innerText(), new RegExp(`marker${i}$`), `update ${i} shows at once`);
    }
    const renders = await streaming.evaluate(() => (window as unknown as { __renders: number }).__renders);
    assert.ok(renders <= 20, `the 40,000-character paragraph was rendered again ${renders} times for 40 updates`);
    // A blank line starts a new block: rendered at once, nothing left pending.
    text += '\n\nA new paragraph.';
    await send(streaming, llm(text, true));
    await shown(streaming);
    assert.equal(await streaming.locator('.sse-md-pending').count(), 0);
    assert.match(await streaming.locator('.sse-msg-text > p').last().innerText(), /^A new paragraph\.$/);
    // The end renders whole: exactly what a from-scratch render gives.
    await send(streaming, llm(text, false));
    await send(whole, llm(text, false));
    assert.equal(await shown(streaming), await shown(whole));
  });

  it('puts the blocks that are done in groups: few children to lay out, and nothing moves on screen', async () => {
    // The two pages take their messages on their own time: wait (a little) for both to show the last.
    const sameAsWhole = async (when: string): Promise<void> => {
      let got = '';
      let expected = '';
      for (const until = Date.now() + 5000; Date.now() < until; ) {
        [got, expected] = [await shown(streaming), await shown(whole)];
        if (got === expected) return;
      }
      assert.equal(got, expected, when);
    };
    // Twelve times the answer above (headings, lists, code, quotes, tables, rules: margins of every kind): 132 blocks.
    const long = Array.from({ length: 12 }, () => ANSWER).join('\n\n');
    await send(streaming, llm('', false)); // another answer: starts over
    const lines = long.split('\n');
    for (let n = 6; n < lines.length; n += 6) {
      const prefix = lines.slice(0, n).join('\n');
      await send(streaming, llm(prefix, true));
      if (n % 60 !== 0) continue;
      await send(whole, llm(prefix, false));
      await sameAsWhole(`after ${n} lines`);
    }
    await send(streaming, llm(long, true));
    await send(whole, llm(long, false));
    await sameAsWhole('at the end');
    const blocks = await whole.locator('.sse-msg-text > [data-line]').count();
    assert.ok(blocks > 120, `${blocks} blocks`);
    const children = await streaming.locator('.sse-msg-text > *').count();
    assert.ok(children <= 6, `${children} children for ${blocks} blocks (full groups of ${FROZEN_GROUP_BLOCKS}, the open group, the last block)`);
    // A full group stands in with its measured height while skipped: never a zero one.
    const heights = await streaming.locator('.sse-msg-text > .sse-md-frozen').evaluateAll((els) => els.map((el) => (el as HTMLElement).style.containIntrinsicSize));
    assert.ok(heights.length >= 3, `${heights.length} full groups`);
    for (const height of heights) assert.match(height, /^auto [1-9]\d*px$/);
    // Every block where a from-scratch render puts it: groups change no gap between blocks.
    assert.deepEqual(await blockTops(streaming), await blockTops(whole));
  });

  it('follows the end of a streaming answer, unless the reader scrolled up', async () => {
    const paragraphs = Array.from({ length: 120 }, (_, i) => `Paragraph ${i + 1} of a long answer, streaming in.`);
    const body = streaming.locator('.sse-msg-body');
    const distanceFromEnd = () => body.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    await send(streaming, llm('', false)); // another answer: starts over
    for (let n = 10; n <= 60; n += 10) {
      await send(streaming, llm(paragraphs.slice(0, n).join('\n\n'), true));
      await shown(streaming);
      assert.ok((await distanceFromEnd()) <= 1, `at the end after ${n} paragraphs`);
    }
    assert.ok(await body.evaluate((el) => el.scrollTop > 0), 'the answer is taller than the pane');
    await body.evaluate((el) => (el.scrollTop = 0));
    await send(streaming, llm(paragraphs.slice(0, 90).join('\n\n'), true));
    await shown(streaming);
    assert.equal(await body.evaluate((el) => el.scrollTop), 0, 'a reader who scrolled up stays where they are');
  });
});
