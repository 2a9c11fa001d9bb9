/**
 * A minimal Node inspector client for bench/live.ts (unless --no-heap): opens the inspector of a running
 * Node process (SIGUSR1, as `node --inspect` would at start), checks it reached the right
 * process, then reads process.memoryUsage() and forces a full garbage collection on request.
 * RSS alone cannot tell a leak from a heap V8 has not bothered to shrink yet; the heap used
 * right after a forced collection can.
 */
import { WebSocket } from 'undici';

export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface Inspector {
  memoryUsage(): Promise<MemoryUsage>;
  /** A full collection (HeapProfiler.collectGarbage), then memoryUsage(); with how long the collection took. */
  collectGarbage(): Promise<MemoryUsage & { gcMs: number }>;
  close(): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Opens the inspector of `pid` on 127.0.0.1:`port` (Node's default 9229). Throws when it cannot. */
export async function attachInspector(pid: number, port = 9229): Promise<Inspector> {
  process.kill(pid, 'SIGUSR1');
  let targets: Array<{ webSocketDebuggerUrl: string }> = [];
  for (let i = 0; i < 50 && targets.length === 0; i++) {
    await sleep(100);
    try {
      targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as typeof targets;
    } catch {
      // Not listening yet.
    }
  }
  if (targets.length === 0) throw new Error(`no inspector on 127.0.0.1:${port} after SIGUSR1 to ${pid} (port taken?)`);
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error('inspector websocket failed')));
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error.message));
    else waiter?.resolve(message.result);
  });
  const call = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  const evaluate = async <T>(expression: string): Promise<T> => {
    const result = (await call('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: T } };
    return result.result.value;
  };
  const remotePid = await evaluate<number>('process.pid');
  if (remotePid !== pid) {
    socket.close();
    throw new Error(`the inspector on port ${port} belongs to pid ${remotePid}, not ${pid}`);
  }
  const memoryUsage = () => evaluate<MemoryUsage>('process.memoryUsage()');
  return {
    memoryUsage,
    collectGarbage: async () => {
      const started = Date.now();
      await call('HeapProfiler.collectGarbage');
      const gcMs = Date.now() - started;
      return { ...(await memoryUsage()), gcMs };
    },
    close: () => socket.close(),
  };
}
