/**
 * What crosses the workbench page's WebSockets during the load: frames and bytes each way, per
 * socket (code-server's management and extension host connections), seen through the DevTools
 * protocol's Network domain. Everything the extension host says to the page (webview messages,
 * acks, any other API call) travels there, so a rate of frames far above the view's own shows
 * traffic the view did not ask for.
 */
import type { CDPSession, Page } from 'playwright-core';

interface SocketTally {
  url: string;
  received: { frames: number; bytes: number };
  sent: { frames: number; bytes: number };
}

interface FrameEvent {
  requestId: string;
  response: { opcode: number; payloadData: string };
}

/** Bytes a CDP frame payload stands for: binary frames come base64-encoded. */
function payloadBytes(frame: FrameEvent['response']): number {
  return frame.opcode === 2 ? Math.floor((frame.payloadData.length * 3) / 4) : Buffer.byteLength(frame.payloadData);
}

export interface SocketProbe {
  /** Stops counting; one line per socket that carried anything. */
  stop(seconds: number): Promise<string[]>;
}

export async function startSocketProbe(page: Page): Promise<SocketProbe> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const sockets = new Map<string, SocketTally>();
  const tally = (id: string): SocketTally => {
    let t = sockets.get(id);
    if (!t) sockets.set(id, (t = { url: '(opened before the probe)', received: { frames: 0, bytes: 0 }, sent: { frames: 0, bytes: 0 } }));
    return t;
  };
  cdp.on('Network.webSocketCreated', (e: { requestId: string; url: string }) => (tally(e.requestId).url = e.url));
  cdp.on('Network.webSocketFrameReceived', (e: FrameEvent) => {
    const t = tally(e.requestId).received;
    t.frames++;
    t.bytes += payloadBytes(e.response);
  });
  cdp.on('Network.webSocketFrameSent', (e: FrameEvent) => {
    const t = tally(e.requestId).sent;
    t.frames++;
    t.bytes += payloadBytes(e.response);
  });
  await cdp.send('Network.enable');
  return {
    async stop(seconds) {
      await cdp.send('Network.disable').catch(() => undefined);
      await cdp.detach().catch(() => undefined);
      const rate = (n: number): string => `${Math.round(n / seconds).toLocaleString('en-US')}/s`;
      const kib = (n: number): string => `${(n / 1024 / seconds).toFixed(0)} KiB/s`;
      return [...sockets.values()]
        .filter((t) => t.received.frames + t.sent.frames > 0)
        .map((t) => `${t.url.replace(/\?.*$/, '')}: in ${rate(t.received.frames)} frames, ${kib(t.received.bytes)}; out ${rate(t.sent.frames)}, ${kib(t.sent.bytes)}`);
    },
  };
}
