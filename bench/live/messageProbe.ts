/** An instrument inside the panel's webview for bench:live --llm: when each chunk's text is on screen in the Message view. */
import type { Frame } from 'playwright-core';

/** What the probe saw: per chunk [seq, server write time, painted at]; and the view's state. */
export interface MessageSeen {
  painted: Array<[number, number, number]>;
  /** Per Message view update the webview received (an `llm` message, or a frame carrying one): [arrived at, write time of the newest chunk in it, its text length]. */
  arrivals: Array<[number, number, number]>;
  /** Mutation callbacks that scanned the text, and the time they took in all (the probe's own cost). */
  scans: number;
  scanMs: number;
  visible: boolean;
  textLength: number;
  badges: string;
}

/**
 * Installs a MutationObserver on the Message view (`.sse-message`): whenever its DOM changes, the
 * text of `.sse-msg-text` is searched for chunk markers (` k<seq>t<write time>`, see
 * loadServer.ts) not seen before, and a message posted from the callback (delivered after the
 * frame that holds the change was painted: the view paints in requestAnimationFrame) records
 * Date.now() for them. Latency = that time - the write time in the marker (one machine clock).
 */
export function installMessageProbe(frame: Frame): Promise<void> {
  return frame.evaluate(() => {
    const MARKER = /k(\d+)t(\d+)/g;
    const state = { seen: new Set<number>(), painted: [] as Array<[number, number, number]>, arrivals: [] as Array<[number, number, number]>, scans: 0, scanMs: 0 };
    // The host's messages as they arrive (before the view paints them): where a delay comes from.
    window.addEventListener('message', (e: MessageEvent) => {
      type View = { merged?: { text?: string } } | null;
      const data = e.data as { type?: string; view?: View; llm?: { view: View } } | undefined;
      // Updates ride on frames (and go alone when the answer ends, or after a reload).
      const view = data?.type === 'llm' ? data.view : data?.type === 'frame' ? data.llm?.view : undefined;
      if (view === undefined) return;
      const text = view?.merged?.text ?? '';
      const last = /k\d+t(\d+)\s*$/.exec(text.slice(-48));
      state.arrivals.push([Date.now(), last ? Number(last[1]) : 0, text.length]);
    });
    (window as unknown as { __llmBench: typeof state }).__llmBench = state;
    const view = document.querySelector('.sse-message');
    if (!view) throw new Error('no .sse-message in the panel');
    const channel = new MessageChannel();
    let waiting: Array<[number, number]> = [];
    channel.port1.onmessage = () => {
      const now = Date.now();
      for (const [seq, t] of waiting) state.painted.push([seq, t, now]);
      waiting = [];
    };
    new MutationObserver(() => {
      const started = performance.now();
      const text = view.querySelector('.sse-msg-text')?.textContent ?? '';
      const before = waiting.length;
      for (const m of text.matchAll(MARKER)) {
        const seq = Number(m[1]);
        if (state.seen.has(seq)) continue;
        state.seen.add(seq);
        waiting.push([seq, Number(m[2])]);
      }
      if (waiting.length > before && before === 0) channel.port2.postMessage(null);
      state.scans++;
      state.scanMs += performance.now() - started;
    }).observe(view, { subtree: true, childList: true, characterData: true });
  });
}

export function collectMessage(frame: Frame): Promise<MessageSeen> {
  return frame.evaluate(() => {
    const state = (window as unknown as { __llmBench: { painted: Array<[number, number, number]>; arrivals: Array<[number, number, number]>; scans: number; scanMs: number } }).__llmBench;
    const view = document.querySelector<HTMLElement>('.sse-message');
    return {
      painted: state.painted,
      arrivals: state.arrivals,
      scans: state.scans,
      scanMs: state.scanMs,
      visible: view !== null && !view.hidden,
      textLength: view?.querySelector('.sse-msg-text')?.textContent?.length ?? 0,
      badges: view?.querySelector('.sse-msg-badges')?.textContent ?? '',
    };
  });
}
