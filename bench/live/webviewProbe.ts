/** Instruments inside the panel's webview: painted rows, the newest row's age, long tasks. */
import type { Frame, Page } from 'playwright-core';
import { sleep } from './figures';

// ---------------------------------------------------------------------------------------------
// The webview

/** The Frame of the panel's document (VS Code's outer iframe, then #active-frame). */
export async function panelFrame(page: Page): Promise<Frame> {
  const outer = page.locator('iframe.webview.ready').first();
  await outer.waitFor({ state: 'attached', timeout: 30_000 });
  const outerFrame = await (await outer.elementHandle())?.contentFrame();
  if (!outerFrame) throw new Error('the webview iframe has no frame');
  const inner = await outerFrame.waitForSelector('#active-frame', { state: 'attached', timeout: 30_000 });
  const frame = await inner.contentFrame();
  if (!frame) throw new Error('#active-frame has no frame');
  await frame.waitForSelector('.sse-rows', { state: 'attached', timeout: 30_000 });
  return frame;
}

export interface PanelHeader {
  events: number;
  state: string;
  shown: string;
  dropped: string;
}

/** Waits until the panel says "Open" and the load server has the connection (30 s at most). */
export async function waitForOpen(frame: Frame, server: { connections: number }): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await readHeader(frame)).state !== 'Open' || server.connections === 0) {
    if (Date.now() > deadline) throw new Error(`the panel did not reach "Open" (header: ${JSON.stringify(await readHeader(frame))})`);
    await sleep(100);
  }
}

/** What the header shows: the Events counter (parsed), the state and the Shown counter. */
export function readHeader(frame: Frame): Promise<PanelHeader> {
  return frame.evaluate(() => {
    const counter = (label: string): string => {
      for (const el of Array.from(document.querySelectorAll('.sse-header .sse-counter'))) {
        if (el.querySelector('.sse-counter-label')?.textContent === label) return el.querySelector('.sse-counter-value')?.textContent ?? '';
      }
      return '';
    };
    return {
      events: Number(counter('Events').replace(/,/g, '')) || 0,
      state: document.querySelector('.sse-header .sse-state-text')?.textContent ?? '',
      shown: counter('Shown'),
      dropped: counter('Dropped'),
    };
  });
}

/** What the in-page instruments collected (see installInstruments). */
export interface Collected {
  /** seq -> [sendTime, paintedAt] for rows seen by the MutationObserver. */
  painted: Array<[number, number, number]>;
  /** Staleness samples during the load phase: [Date.now(), Date.now() - send time of the newest row]. */
  lags: Array<[number, number]>;
  longTasks: Array<{ start: number; duration: number; name: string }>;
  longFrames: LongFrame[];
  longTaskSupported: boolean;
  /** Messages the host posted to the webview during the load phase, by type, and the rows frames carried. */
  messages: Record<string, number>;
  frameRows: number;
}

/**
 * A long animation frame of the webview, split the way the Long Animation Frames API reports it:
 * time in scripts, in rendering (from its start to the frame's end) and in style and layout; what
 * is left is time the frame's thread was not running them (other tasks, or the OS scheduler).
 */
export interface LongFrame {
  start: number;
  duration: number;
  blocking: number;
  scriptMs: number;
  renderMs: number;
  styleAndLayoutMs: number;
  /** The script that ran longest in it (invoker), if any. */
  topScript?: string;
}

/** A long frame in words: where its time went (what is left over is time it was not running). */
export function describeFrame(frame: LongFrame): string {
  const other = Math.max(0, frame.duration - frame.scriptMs - frame.renderMs);
  return `scripts ${Math.round(frame.scriptMs)} ms${frame.topScript ? ` (longest: ${frame.topScript})` : ''}, rendering ${Math.round(frame.renderMs)} ms (style and layout ${Math.round(frame.styleAndLayoutMs)}), the rest ${Math.round(other)} ms`;
}

/**
 * Installs, inside the webview document: a MutationObserver on the row layer that records, for
 * every event row it has not seen, the send time embedded in its data and the time just after
 * the frame holding it was painted (a message posted from the observer callback, which runs in
 * the app's requestAnimationFrame render, is delivered after that frame's task, paint included);
 * a PerformanceObserver for long tasks and long animation frames; and a sampler, started later,
 * of the newest painted row's age.
 */
export function installInstruments(frame: Frame): Promise<void> {
  return frame.evaluate(() => {
    const DATA = /"seq":(\d+),"t":(\d+)/;
    const state = {
      seen: new Set<number>(),
      painted: [] as Array<[number, number, number]>,
      lags: [] as Array<[number, number]>,
      longTasks: [] as Array<{ start: number; duration: number; name: string }>,
      longFrames: [] as LongFrame[],
      longTaskSupported: PerformanceObserver.supportedEntryTypes.includes('longtask'),
      sampler: 0,
      recordPaints: true,
      messages: {} as Record<string, number>,
      frameRows: 0,
    };
    // What crosses from the host: the issue bounds it per frame, whatever the stream's rate.
    window.addEventListener('message', (event: MessageEvent) => {
      const message = event.data as { type?: unknown; tail?: { rows?: unknown[] } } | undefined;
      const type = typeof message?.type === 'string' ? message.type : 'other';
      state.messages[type] = (state.messages[type] ?? 0) + 1;
      if (type === 'frame') state.frameRows += message?.tail?.rows?.length ?? 0;
    });
    (window as unknown as { __liveBench: typeof state }).__liveBench = state;
    const layer = document.querySelector('.sse-rows');
    if (!layer) throw new Error('no .sse-rows in the panel');

    /** Newest event row in the DOM (highest seq) with its send time. */
    const newest = (): { seq: number; t: number } | undefined => {
      let best: { seq: number; t: number } | undefined;
      for (const row of Array.from(layer.children) as HTMLElement[]) {
        if (row.hidden || !row.classList.contains('kind-event')) continue;
        const m = DATA.exec(row.querySelector('.sse-col-data')?.textContent ?? '');
        if (m && (!best || Number(m[1]) > best.seq)) best = { seq: Number(m[1]), t: Number(m[2]) };
      }
      return best;
    };
    (window as unknown as { __liveNewest: typeof newest }).__liveNewest = newest;

    const channel = new MessageChannel();
    let waiting: Array<[number, number]> = [];
    channel.port1.onmessage = () => {
      const now = Date.now();
      for (const [seq, t] of waiting) state.painted.push([seq, t, now]);
      waiting = [];
    };
    new MutationObserver(() => {
      if (!state.recordPaints) return;
      const before = waiting.length;
      for (const row of Array.from(layer.children) as HTMLElement[]) {
        if (row.hidden || !row.classList.contains('kind-event')) continue;
        const m = DATA.exec(row.querySelector('.sse-col-data')?.textContent ?? '');
        if (!m) continue;
        const seq = Number(m[1]);
        if (state.seen.has(seq)) continue;
        state.seen.add(seq);
        waiting.push([seq, Number(m[2])]);
      }
      if (waiting.length > before && before === 0) channel.port2.postMessage(null);
    }).observe(layer, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['hidden', 'data-seq'] });

    if (state.longTaskSupported) {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration, name: e.name });
      }).observe({ type: 'longtask', buffered: true });
    }
    if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const frame = e as unknown as {
            blockingDuration: number;
            renderStart: number;
            styleAndLayoutStart: number;
            scripts: Array<{ duration: number; invoker: string }>;
          };
          const end = e.startTime + e.duration;
          const top = [...frame.scripts].sort((a, b) => b.duration - a.duration)[0];
          state.longFrames.push({
            start: e.startTime,
            duration: e.duration,
            blocking: frame.blockingDuration,
            scriptMs: frame.scripts.reduce((sum, script) => sum + script.duration, 0),
            renderMs: frame.renderStart > 0 ? end - frame.renderStart : 0,
            styleAndLayoutMs: frame.styleAndLayoutStart > 0 ? end - frame.styleAndLayoutStart : 0,
            ...(top ? { topScript: `${top.invoker} ${Math.round(top.duration)} ms` } : {}),
          });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    }
  });
}

/** Starts sampling, every 100 ms, how old the newest painted row is; samples of rows after `fromSeq` only, and not of the stream's last event. */
export function startLagSampler(frame: Frame, fromSeq: number, lastSeq: number): Promise<void> {
  return frame.evaluate(
    ({ from, last }) => {
      const w = window as unknown as {
        __liveBench: { lags: Array<[number, number]>; sampler: number; longTasks: unknown[]; longFrames: unknown[]; recordPaints: boolean; messages: Record<string, number>; frameRows: number };
        __liveNewest: () => { seq: number; t: number } | undefined;
      };
      const state = w.__liveBench;
      // The load phase is judged on its own tasks; 10 events/s painted nothing heavy anyway.
      state.longTasks = [];
      state.longFrames = [];
      state.messages = {};
      state.frameRows = 0;
      // Scanning 40 rows on each of 60 frames a second would itself be a load: off for this phase.
      state.recordPaints = false;
      state.sampler = window.setInterval(() => {
        const n = w.__liveNewest();
        if (!n || n.seq <= from || n.seq >= last) return;
        const now = Date.now();
        state.lags.push([now, now - n.t]);
      }, 100);
    },
    { from: fromSeq, last: lastSeq },
  );
}

/**
 * Proves the long-task observer sees this frame's tasks: blocks the webview for 120 ms and
 * returns the long task it reported (0 when none: then "no long task" would mean nothing).
 */
export async function calibrateLongTasks(frame: Frame): Promise<number> {
  await frame.evaluate(() => {
    window.setTimeout(() => {
      const end = performance.now() + 120;
      while (performance.now() < end) {
        // Busy on purpose.
      }
    }, 0);
  });
  await sleep(500);
  return frame.evaluate(() => {
    const state = (window as unknown as { __liveBench: { longTasks: Array<{ duration: number }> } }).__liveBench;
    return state.longTasks.reduce((m, t) => Math.max(m, t.duration), 0);
  });
}

export function collect(frame: Frame): Promise<Collected> {
  return frame.evaluate(() => {
    const state = (window as unknown as { __liveBench: Collected & { sampler: number } }).__liveBench;
    window.clearInterval(state.sampler);
    return { painted: state.painted, lags: state.lags, longTasks: state.longTasks, longFrames: state.longFrames, longTaskSupported: state.longTaskSupported, messages: state.messages, frameRows: state.frameRows };
  });
}

/** What the host posted during the load, in words: frames per second of load and rows per frame, other messages by type. */
export function describeMessages(messages: Record<string, number>, frameRows: number, loadMs: number): string {
  const frames = messages.frame ?? 0;
  const others = Object.entries(messages).filter(([type]) => type !== 'frame');
  const perSecond = loadMs > 0 ? frames / (loadMs / 1000) : 0;
  return (
    `the host posted ${frames.toLocaleString('en-US')} frames from the load's start to the end (${perSecond.toFixed(1)} per second of load), ` +
    `carrying ${frameRows.toLocaleString('en-US')} rows (${frames > 0 ? Math.round(frameRows / frames) : 0} a frame); ` +
    `other messages: ${others.length > 0 ? others.map(([type, n]) => `${type} ${n}`).join(', ') : 'none'}`
  );
}
