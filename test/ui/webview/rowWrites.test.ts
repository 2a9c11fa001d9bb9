/**
 * What a refill of the rows writes to the DOM, in real Chromium. While a fast stream scrolls by,
 * every row on screen is refilled each frame; a cell that reads the same as before (the type,
 * the size, Δ of evenly spaced events) must cost that frame nothing, and a cell that changes
 * must change its text in place, not trade its text node for a new one. Each write the browser
 * gets costs style, layout and paint (bench/live.ts --hog measures the frames).
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { StreamRecord } from '../../../src/shared/records';
import { send } from './harness';
import { event, init, usePanelPages } from './panelPages';

/** Events of one type, data of one size, 13 ms apart (see `event`): only time, id and data differ. */
function alike(from: number, count: number): StreamRecord[] {
  return Array.from({ length: count }, (_, i) => ({ ...event(from + i, 'tick', `{"n":${String(from + i).padStart(6, '0')}}`, String(from + i)), time: BASE + (from + i) * 13 }));
}
const BASE = Date.now() - 60_000;

interface Writes {
  /** Children added or removed anywhere in a row (text nodes traded, marks added). */
  childList: number;
  /** Text changed in place, by cell class; `same` counts writes that left the text as it was. */
  text: Record<string, number>;
  same: number;
  /** Attributes written, by name (`data-seq` changes with every row, the others should not). */
  attributes: Record<string, number>;
  rowsShown: number;
}

/** Starts recording every mutation under the row layer. */
function watch(page: Page): Promise<void> {
  return page.evaluate(() => {
    const layer = document.querySelector('.sse-rows')!;
    const seen: MutationRecord[] = [];
    const observer = new MutationObserver((records) => seen.push(...records));
    observer.observe(layer, { subtree: true, childList: true, characterData: true, characterDataOldValue: true, attributes: true, attributeOldValue: true });
    // Left out below, as their cells rightly change twice or start empty: rows the host had not
    // sent yet, which read "loading…" first (the pool reaches beyond the rows the host sends
    // while following), and row elements the pool adds (its first fill).
    const loading = new WeakSet<Element>();
    const rowOf = (node: Node): Element | null => (node instanceof Element ? node : node.parentElement)?.closest('.sse-row') ?? null;
    const note = (records: MutationRecord[]): void => {
      for (const r of records) {
        const row = rowOf(r.target);
        if (!row || r.attributeName !== 'class' || r.target !== row) continue;
        if (row.classList.contains('sse-row-loading') || (r.oldValue ?? '').includes('sse-row-loading') || r.oldValue === 'sse-row') loading.add(row);
      }
    };
    (window as unknown as { __writes: () => MutationRecord[] }).__writes = () => {
      const all = [...seen, ...observer.takeRecords()];
      note(all);
      return all.filter((r) => {
        const row = rowOf(r.target);
        return !row || !loading.has(row);
      });
    };
  });
}

function writes(page: Page): Promise<Writes> {
  return page.evaluate(() => {
    const records = (window as unknown as { __writes: () => MutationRecord[] }).__writes();
    const out = { childList: 0, text: {} as Record<string, number>, same: 0, attributes: {} as Record<string, number>, rowsShown: 0 };
    // What each write left: the old value of the next write to the same place, or what is there now.
    const later = new Map<string, string | null>();
    const ids = new Map<Node, number>();
    const idOf = (node: Node): number => ids.get(node) ?? (ids.set(node, ids.size), ids.size - 1);
    const newValues: Array<string | null> = new Array(records.length);
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i];
      if (r.type === 'childList') continue;
      const key = `${idOf(r.target)}:${r.type}:${r.attributeName ?? ''}`;
      newValues[i] = later.has(key) ? later.get(key)! : r.type === 'characterData' ? r.target.textContent : (r.target as Element).getAttribute(r.attributeName!);
      later.set(key, r.oldValue);
    }
    records.forEach((r, i) => {
      if (r.type === 'childList') out.childList++;
      else if (r.type === 'characterData') {
        const cell = (r.target.parentElement?.className ?? '').split(' ').find((c) => c.startsWith('sse-col-') || c === 'sse-badge') ?? '?';
        out.text[cell] = (out.text[cell] ?? 0) + 1;
        if (r.oldValue === newValues[i]) out.same++;
      } else if (r.attributeName) {
        const name = r.oldValue === newValues[i] ? `${r.attributeName} (unchanged)` : r.attributeName;
        out.attributes[name] = (out.attributes[name] ?? 0) + 1;
      }
    });
    out.rowsShown = document.querySelectorAll('.sse-row:not([hidden])').length;
    return out;
  });
}

describe('webview in Chromium: what a row refill writes', function () {
  this.timeout(60_000);
  const panel = usePanelPages();

  it('changes only the cells that read differently, each in place', async () => {
    const page = await panel.open();
    await send(page, init(alike(1, 300)));
    await page.waitForFunction(() => document.body.textContent?.includes('300 / 300'));
    await panel.waitFrames(page);
    await watch(page);
    // As a live stream comes: batches a frame or so apart, each within what the host sends.
    for (let from = 301; from <= 1300; from += 50) {
      await send(page, { type: 'records', records: alike(from, 50) });
      await panel.waitFrames(page, 1);
    }
    await page.waitForFunction(() => document.body.textContent?.includes('1,300 / 1,300'));
    await panel.waitFrames(page);
    const seen = await writes(page);

    assert.ok(seen.rowsShown > 20, `rows on screen: ${seen.rowsShown}`);
    // Every row on screen now shows another event: its time, id and data are new.
    for (const cell of ['sse-col-time', 'sse-col-id', 'sse-col-data']) {
      assert.ok((seen.text[cell] ?? 0) >= seen.rowsShown, `${cell} rewritten in place for every row: ${JSON.stringify(seen)}`);
    }
    assert.equal(seen.childList, 0, `no text node traded for another: ${JSON.stringify(seen)}`);
    assert.equal(seen.same, 0, `no text written that was already there: ${JSON.stringify(seen)}`);
    // Same type, same size, same spacing: those cells were left alone.
    for (const cell of ['sse-badge', 'sse-col-size', 'sse-col-delta']) assert.equal(seen.text[cell] ?? 0, 0, `${cell} untouched: ${JSON.stringify(seen)}`);
    assert.deepEqual(
      // `hidden`: the pool is a ring, and while following the slots past the newest row rotate.
      Object.keys(seen.attributes).filter((name) => !['data-seq', 'title', 'style', 'hidden'].includes(name)),
      [],
      `only the seq, the titles that name the new values and the rows' places change: ${JSON.stringify(seen.attributes)}`,
    );
    // And the rows read as they should.
    const last = await page.$$eval('.sse-row:not([hidden])', (rows) =>
      rows
        .map((row) => ({ y: row.getBoundingClientRect().top, id: row.querySelector('.sse-col-id')?.textContent, data: row.querySelector('.sse-col-data')?.textContent, type: row.querySelector('.sse-badge')?.textContent }))
        .sort((a, b) => a.y - b.y)
        .at(-1),
    );
    assert.deepEqual({ id: last?.id, data: last?.data, type: last?.type }, { id: '1300', data: '{"n":001300}', type: 'tick' });
  });
});
