/** Runs check YAML against the real test server: `{url}` in the YAML becomes the server's origin. */
import assert from 'node:assert/strict';
import { parseCheckFile } from '../../../../src/core/checks/parse';
import { runCheck, type CheckResult, type RunCheckOptions } from '../../../../src/core/checks/runner';
import type { CheckFailure } from '../../../../src/core/checks/failure';
import type { EventRecord } from '../../../../src/shared/records';
import type { RouteHandler, SseTestServer } from '../../../support/sseServer';

/** Parses `yaml` (which must be valid) and runs its only check. */
export async function runYaml(server: SseTestServer, yaml: string, options: RunCheckOptions = {}, env: NodeJS.ProcessEnv = {}): Promise<CheckResult> {
  const file = parseCheckFile(yaml.replace(/\{url\}/g, server.origin), 'test.ssecheck.yaml', env);
  assert.deepEqual(file.problems, [], 'the check file should be valid');
  assert.equal(file.checks.length, 1);
  return runCheck(file.checks[0], options);
}

/** The first failure of a result that must have failed. */
export function firstFailure(result: CheckResult): CheckFailure {
  assert.equal(result.outcome, 'failed', `expected a failure, got ${result.outcome}`);
  return result.failures[0];
}

/** The seq of the event with this id (or the n-th event, 1-based) in a result's records. */
export function seqOf(result: CheckResult, which: { id: string } | { nth: number }): number {
  const events = result.records.filter((r): r is EventRecord => r.kind === 'event');
  const event = 'id' in which ? events.find((e) => e.id === which.id) : events[which.nth - 1];
  assert.ok(event, `no event ${JSON.stringify(which)}`);
  return event.seq;
}

/**
 * A resumable stream of `total` events with ids 1..total: it starts after the Last-Event-ID it
 * is sent. `fault` breaks resuming: `repeat` sends the last event again, `skip` leaves one out.
 */
export function resumable(total: number, fault?: 'repeat' | 'skip'): RouteHandler {
  return (req, res) => {
    const last = Number(req.headers['last-event-id'] ?? 0);
    let from = last + 1;
    if (last > 0 && fault === 'repeat') from = last;
    if (last > 0 && fault === 'skip') from = last + 2;
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    for (let id = from; id <= total; id++) res.write(`id: ${id}\nevent: tick\ndata: {"n":${id}}\n\n`);
    res.end();
  };
}
