/**
 * The extension host's half of the live view, for the webview tests and bench/webview.ts: runs
 * in a Web Worker beside the page (its own thread, as the extension host is its own process),
 * with the real LiveView and RecordLog. The page's stand-in VS Code API forwards what the
 * webview posts; the test feeds records, stats and session changes as a connection would.
 * Bundled for the browser by the harness (harness.ts), never shipped.
 */
import { RecordLog } from '../../../src/panel/recordLog';
import { LiveView } from '../../../src/panel/liveView';
import type { ConnectionStats, HostToWebview, SessionInfo, ViewFilter, WebviewToHost } from '../../../src/shared/protocol';
import type { StreamRecord } from '../../../src/shared/records';
import type { HostFeed } from './feed';

const scope = self as unknown as { postMessage(message: unknown): void; onmessage: ((e: MessageEvent) => void) | null };

const post = (message: HostToWebview): void => scope.postMessage(message);
let stats: ConnectionStats = { phase: 'connecting', events: 0, comments: 0, bytes: 0, reconnects: 0, eventsPerSecond: 0, dropped: 0 };
let session: SessionInfo = { id: 'test', title: 'test', url: 'http://127.0.0.1/', mode: 'live', method: 'GET', requestHeaders: {} };
let log = new RecordLog(100_000);
let live = new LiveView({ log, post, stats: () => stats });
/** The webview sent its own filter since `ready`: it wins over init.filter, as in the panel. */
let webviewFilter: ViewFilter | undefined;
/** The webview's messages while the test holds them (see HostFeed `hold`). */
let held: WebviewToHost[] | undefined;

function add(record: StreamRecord): void {
  log.push(record);
  live.recordAdded(record);
}

/** Synthetic events as the old page-side generator made them: types cycle, data is small JSON. */
function generate(start: number, count: number): StreamRecord[] {
  const types = ['message', 'tick', 'price', 'user.join', 'user.leave'];
  const t0 = generatorEpoch;
  const out: StreamRecord[] = [];
  for (let i = 0; i < count; i++) {
    const seq = start + i;
    const type = types[seq % types.length];
    const data = `{"seq":${seq},"type":"${type}","value":${(seq * 7919) % 1000},"label":"item-${seq % 97}"}`;
    out.push({ kind: 'event', seq, time: t0 + seq * 3, type, data, lastEventId: String(seq), id: String(seq), size: data.length });
  }
  return out;
}
// Times ascend with seq (3 ms apart, ending about now) so Δ and relative times read sensibly.
const generatorEpoch = Date.now() - 60_000;

function feed(message: HostFeed): void {
  switch (message.type) {
    case 'init': {
      // The webview counts its filters from `ready`, and so does this host, across inits.
      const version = live.currentFilterVersion;
      live.dispose();
      stats = message.stats;
      session = message.session;
      log = new RecordLog(message.maxEvents);
      for (const record of message.records) log.push(record);
      live = new LiveView({ log, post, stats: () => stats, filter: webviewFilter ?? message.filter });
      live.start({ type: 'init', session, stats, maxEvents: message.maxEvents, filter: message.filter }, version);
      return;
    }
    case 'records':
      for (const record of message.records) add(record);
      return;
    case 'gen':
      for (let s = message.start; s < message.start + message.count; s += message.batch) {
        for (const record of generate(s, Math.min(message.batch, message.start + message.count - s))) add(record);
      }
      return;
    case 'stats':
      stats = message.stats;
      live.tick();
      return;
    case 'session':
      session = message.session;
      post({ type: 'session', session });
      return;
    case 'cleared':
      log.clear();
      live.cleared();
      return;
    case 'post':
      post(message.message);
      return;
    case 'hold': {
      const waiting = held ?? [];
      held = message.on ? waiting : undefined;
      if (!message.on) waiting.forEach(fromWebview);
      return;
    }
  }
}

function fromWebview(message: WebviewToHost): void {
  if (held) return void held.push(message);
  if (message.type === 'ready') return;
  if (message.type === 'filterChanged') webviewFilter = message.filter;
  live.receive(message);
}

scope.onmessage = (e: MessageEvent) => {
  const data = e.data as { webview?: WebviewToHost; feed?: HostFeed };
  if (data.webview) fromWebview(data.webview);
  else if (data.feed) feed(data.feed);
};
