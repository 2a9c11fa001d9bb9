import * as vscode from 'vscode';

/** The extension's settings, read fresh each time (they can change while panels are open). */
export interface InspectorSettings {
  recentUrlCount: number;
  defaultRetryMs: number;
  maxEvents: number;
  maxEventBytes: number;
  demoUrl: string;
  /** Raw bytes kept per panel for the Wire view (0: none). */
  wireBytes: number;
}

export function readSettings(): InspectorSettings {
  const config = vscode.workspace.getConfiguration('sseInspector');
  return {
    recentUrlCount: config.get<number>('recentUrlCount', 10),
    defaultRetryMs: config.get<number>('defaultRetryMs', 3000),
    maxEvents: Math.max(100, config.get<number>('maxEvents', 100_000)),
    maxEventBytes: Math.round(config.get<number>('maxEventSizeMiB', 16) * 1024 * 1024),
    demoUrl: config.get<string>('demoUrl', 'http://127.0.0.1:3917/events'),
    wireBytes: Math.round(Math.max(0, config.get<number>('wire.maxMiB', 4)) * 1024 * 1024),
  };
}
