/**
 * `sse-inspector serve FILE...`: serves recordings as a local SSE server until interrupted.
 * stdout gets the URL of each recording (the first line is the one to connect to), so a script
 * can read it; everything else goes to stderr. Exit 2 for what the user can fix in the command
 * (a bad file), 1 when the server cannot run (port in use); never anything left listening.
 */
import { describeFaults } from '../core/replay/faults';
import { loadRecording, RecordingError, type LoadedRecording } from '../core/replay/loadRecording';
import { ListenError, ReplayServer } from '../core/replay/replayServer';
import { routesFor } from '../core/replay/routes';
import type { ServeCommand } from './serveArgs';

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * Serves until SIGINT/SIGTERM (or `stop` resolves, for tests); resolves with the exit status.
 */
export async function serve(command: ServeCommand, stdout: (line: string) => void, stderr: (line: string) => void, stop?: Promise<void>): Promise<number> {
  const loaded: LoadedRecording[] = [];
  for (const file of command.files) {
    try {
      loaded.push(await loadRecording(file));
    } catch (error) {
      if (!(error instanceof RecordingError)) throw error;
      stderr(`sse-inspector: ${error.message}`);
      return 2;
    }
  }
  const routes = routesFor(command.files, command.path);
  let server: ReplayServer;
  try {
    server = await ReplayServer.start({
      routes: loaded.map((r, i) => ({ route: routes[i], plan: r.plan, name: r.path })),
      host: command.host,
      port: command.port,
      speed: command.speed,
      loop: command.loop,
      faults: command.faults,
    });
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    stderr(`sse-inspector: ${error.message}`);
    return 1;
  }
  for (const url of server.urls) stdout(url);
  if (!isLoopback(command.host)) {
    stderr(`sse-inspector: warning: listening on ${command.host}, so other machines can connect and read these recordings; use --host 127.0.0.1 to keep them local.`);
  }
  for (const [i, recording] of loaded.entries()) {
    const skipped = recording.skipped > 0 ? `; skipped ${recording.skipped} bad line(s), first ${recording.problems[0]}` : '';
    const notes = recording.plan.notes.length > 0 ? `; ${recording.plan.notes.join(' ')}` : '';
    stderr(`Serving ${recording.plan.eventCount} events from ${recording.path} at ${server.urls[i]}${skipped}${notes}`);
  }
  const faults = describeFaults(command.faults);
  stderr(
    `Speed ${command.speed === 0 ? 'as fast as possible' : `x${command.speed}`}${command.loop ? ', looping' : ''}` +
      `${faults.length > 0 ? `, faults: ${faults.join(', ')}` : ''}. Faults per request: ?drop-after=N&chunk-bytes=K&line-endings=cr&bom=1... Ctrl+C stops.`,
  );
  await new Promise<void>((resolve) => {
    const done = (): void => {
      process.removeListener('SIGINT', done);
      process.removeListener('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    void stop?.then(done);
  });
  await server.close();
  return 0;
}
