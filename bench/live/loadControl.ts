/** The load server child process (loadServer.ts), driven from the bench over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

// ---------------------------------------------------------------------------------------------
// The load server (child process)

export type ServerMessage =
  | { type: 'listening'; port: number }
  | { type: 'connected'; connections: number }
  | { type: 'progress'; name: string; sent: number; totalSent: number; at: number }
  | { type: 'phaseDone'; name: string; sent: number; totalSent: number; elapsedMs: number; maxBufferedBytes: number };

export interface LoadServer {
  readonly child: ChildProcess;
  readonly port: number;
  connections: number;
  totalSent: number;
  runPhase(name: string, rate: number, seconds: number): Promise<Extract<ServerMessage, { type: 'phaseDone' }>>;
  stop(): void;
}

export async function startLoadServer(): Promise<LoadServer> {
  const child = fork(join(__dirname, 'live', 'loadServer.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: ServerMessage) => (m.type === 'listening' ? resolve(m.port) : reject(new Error(`unexpected ${m.type}`))));
    child.once('exit', (code) => reject(new Error(`load server exited with code ${code}`)));
  });
  const server: LoadServer = {
    child,
    port,
    connections: 0,
    totalSent: 0,
    runPhase: (name, rate, seconds) =>
      new Promise((resolve, reject) => {
        const onMessage = (m: ServerMessage): void => {
          if (m.type === 'phaseDone' && m.name === name) {
            child.off('message', onMessage);
            resolve(m);
          }
        };
        child.on('message', onMessage);
        child.once('exit', (code) => reject(new Error(`load server exited with code ${code} during ${name}`)));
        child.send({ cmd: 'phase', name, rate, seconds });
      }),
    stop: () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        child.send({ cmd: 'close' });
      } catch {
        // IPC already closed.
      }
      // By pid, and only this child.
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
      }, 1000).unref();
    },
  };
  child.on('message', (m: ServerMessage) => {
    if (m.type === 'connected') server.connections = m.connections;
    if (m.type === 'progress' || m.type === 'phaseDone') server.totalSent = m.totalSent;
  });
  return server;
}
