/**
 * What a webview test tells the stand-in extension host (pageHost.ts), in place of a real
 * connection: a session starting with some records, more records, counters, a clear.
 */
import type { ConnectionStats, HostToWebview, SessionInfo, ViewFilter } from '../../../src/shared/protocol';
import type { StreamRecord } from '../../../src/shared/records';

export type HostFeed =
  | {
      type: 'init';
      session: SessionInfo;
      stats: ConnectionStats;
      /** Records the log holds when the view starts. */
      records: StreamRecord[];
      maxEvents: number;
      filter?: ViewFilter;
    }
  | { type: 'records'; records: StreamRecord[] }
  /** `count` synthetic events from seq `start`, logged in batches of `batch`. */
  | { type: 'gen'; start: number; count: number; batch: number }
  | { type: 'stats'; stats: ConnectionStats }
  | { type: 'session'; session: SessionInfo }
  | { type: 'cleared' }
  /** A message the host sends as is (the Message view's `llm`, say), after what was fed before. */
  | { type: 'post'; message: HostToWebview }
  /** What the webview posts waits (a slow host or link) until `on: false` lets it through, in order. */
  | { type: 'hold'; on: boolean };
