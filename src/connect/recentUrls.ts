import type * as vscode from 'vscode';

const KEY = 'sseInspector.recentUrls';

/** URLs the user connected to, newest first, kept in global state (never in settings). */
export class RecentUrls {
  constructor(private readonly state: vscode.Memento) {}

  list(): string[] {
    return this.state.get<string[]>(KEY, []);
  }

  async remember(url: string, limit: number): Promise<void> {
    const next = [url, ...this.list().filter((u) => u !== url)].slice(0, Math.max(0, limit));
    await this.state.update(KEY, next);
  }
}
