/**
 * What both live benchmarks (bench/live.ts and bench/live/llm.ts) start and end alike: the CPU hog
 * (with --hog), the load server, code-server with Chromium, a panel connected with Connect… to
 * `path` on the load server and open, and the window's extension host. The run folder is kept
 * with --keep or when the benchmark failed.
 */
import type { Frame } from 'playwright-core';
import { connectFromPalette, openWorkbench, type Workbench } from '../../test/ui/support';
import { startHog, type Hog } from './hog';
import { startLoadServer, type LoadServer } from './loadControl';
import type { Options } from './options';
import { windowExtensionHost, type ProcInfo } from './processes';
import { panelFrame, waitForOpen } from './webviewProbe';

export interface LiveSession {
  hog: Hog | undefined;
  server: LoadServer;
  workbench: Workbench;
  /** The panel's webview. */
  frame: Frame;
  extHost: ProcInfo;
}

/** Starts the session, runs `bench` in it, and ends it whatever happens. */
export async function withLiveSession(options: Options, name: string, path: string, bench: (session: LiveSession) => Promise<void>): Promise<void> {
  const hog: Hog | undefined = options.hog ? startHog() : undefined;
  if (hog) console.log(`CPU hog: pid ${hog.pid}, busy on one core until the end`);
  const server = await startLoadServer();
  let workbench: Workbench | undefined;
  let ok = false;
  try {
    console.log('starting code-server and Chromium ...');
    workbench = await openWorkbench({ name, webviewOrigin: options.sameOrigin ? 'workbench' : 'own' });
    await connectFromPalette(workbench.page, `http://127.0.0.1:${server.port}${path}`);
    const frame = await panelFrame(workbench.page);
    await waitForOpen(frame, server);
    const serverPid = workbench.server.child.pid;
    if (serverPid === undefined) throw new Error('code-server has no pid');
    await bench({ hog, server, workbench, frame, extHost: windowExtensionHost(serverPid) });
    ok = true;
  } finally {
    server.stop();
    hog?.stop();
    await workbench?.close({ keep: options.keep || !ok });
    if (workbench && (options.keep || !ok)) console.log(`run folder kept: ${workbench.run.dir}`);
  }
}
