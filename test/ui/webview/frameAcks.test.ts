/**
 * What the webview sends back for the host's frames, in real Chromium. It acknowledges a frame
 * once it has painted it, not when it arrives (frameAcks.ts), so the host's frames come no faster
 * than the view paints them: with the page's animation frames held back (as a busy or hidden
 * renderer would), frames arrive only up to the one not yet painted, nothing is acked, and the
 * host coalesces what comes meanwhile; once the page paints, the ack goes and the newest state
 * follows in the next frame. And while the view follows the newest rows, it does not tell the host
 * where it is on every frame (viewWindow.ts), only when that changes something for the host.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { escapeRegExp } from '../../../src/shared/filter';
import type { WebviewToHost } from '../../../src/shared/protocol';
import { allPosted, feedGenerated, send } from './harness';
import { init, usePanelPages } from './panelPages';

/** Holds the page's requestAnimationFrame callbacks until released; counts the frames that arrive. */
function holdPaints(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { __held: FrameRequestCallback[] | undefined; __frames: number; __release(): void };
    const real = window.requestAnimationFrame.bind(window);
    let fakeId = 1_000_000;
    w.__held = [];
    w.__frames = 0;
    window.addEventListener('message', (e: MessageEvent) => {
      if ((e.data as { type?: string } | undefined)?.type === 'frame') w.__frames++;
    });
    window.requestAnimationFrame = (callback) => {
      if (!w.__held) return real(callback);
      w.__held.push(callback);
      return ++fakeId;
    };
    w.__release = () => {
      const held = w.__held ?? [];
      w.__held = undefined;
      for (const callback of held) real(callback);
    };
  });
}

const framesArrived = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __frames: number }).__frames);

async function acks(page: Page): Promise<number[]> {
  return (await allPosted(page)).flatMap((m) => (m.type === 'ack' ? [m.frame] : []));
}

async function viewports(page: Page): Promise<Array<Extract<WebviewToHost, { type: 'viewport' }>>> {
  return (await allPosted(page)).flatMap((m) => (m.type === 'viewport' ? [m] : []));
}

/** The header's "Shown" counter's value: rows shown / records kept, as painted. */
const shownValue = (page: Page) => page.locator('.sse-counter', { hasText: 'Shown' }).locator('.sse-counter-value');
const shownCounter = (page: Page): Promise<string> => shownValue(page).innerText();

/** Waits until the "Shown" counter reads `text`: the frame that brought it was painted. */
async function shows(page: Page, text: string): Promise<void> {
  await shownValue(page).filter({ hasText: new RegExp(`^${escapeRegExp(text)}$`) }).waitFor();
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('What the webview sends back for frames', function () {
  this.timeout(60_000);
  const pages = usePanelPages();

  it('a view that does not paint acks nothing, and the host sends it no frame beyond the one waiting', async () => {
    const page = await pages.open();
    await send(page, init());
    await feedGenerated(page, 1, 100, 100);
    await shows(page, '100 / 100'); // the host's frame with the records came and was painted
    await sleep(300); // and its ack, which goes in a task after the paint, went
    const acksBefore = (await acks(page)).length;
    assert.ok(acksBefore > 0, 'frames painted so far were acked');

    await holdPaints(page);
    // Records keep coming, in several batches well apart: each would be worth a frame of its own.
    for (let batch = 0; batch < 5; batch++) {
      await feedGenerated(page, 101 + batch * 50, 50, 50);
      await sleep(150);
    }
    assert.equal(await framesArrived(page), 1, 'one frame arrived, and the host holds the rest back until it is acked');
    assert.equal((await acks(page)).length, acksBefore, 'an arrived frame that is not painted is not acked');
    assert.equal(await shownCounter(page), '100 / 100', 'nothing painted meanwhile');

    await page.evaluate(() => (window as unknown as { __release(): void }).__release());
    await pages.waitFrames(page);
    const after = await acks(page);
    assert.ok(after.length > acksBefore, 'the painted frame was acked');
    assert.ok((await framesArrived(page)) >= 2, 'the ack let the next frame come');
    assert.equal(await shownCounter(page), '350 / 350', 'which brought everything logged meanwhile');
  });

  it('while following the newest rows, no viewport message per frame; scrolled away, the place is told', async () => {
    const page = await pages.open();
    await send(page, init());
    await feedGenerated(page, 1, 200, 200);
    await shows(page, '200 / 200');
    await pages.waitFrames(page);
    const before = await viewports(page);
    assert.ok(before.length >= 1 && before.at(-1)?.following, 'the view told the host it follows');
    const acked = (await acks(page)).length;
    for (let batch = 0; batch < 15; batch++) {
      await feedGenerated(page, 201 + batch * 10, 10, 10);
      await sleep(60);
    }
    await pages.waitFrames(page);
    assert.equal(await shownCounter(page), '350 / 350');
    const frames = (await acks(page)).length - acked;
    assert.ok(frames >= 8, `${frames} frames went`);
    assert.deepEqual((await viewports(page)).slice(before.length), [], 'no viewport message while only the tail moved');
    // The reader scrolls to the top: the host must know where they are.
    await page.locator('.sse-scroll').evaluate((el) => (el.scrollTop = 0));
    await pages.waitFrames(page);
    const last = (await viewports(page)).at(-1);
    assert.equal(last?.following, false);
    assert.equal(last?.from, 0);
  });
});
