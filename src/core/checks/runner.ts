/**
 * Runs checks: builds the request, reads the stream under the stop rule, runs the resume
 * experiment when asked, and judges the result. The same code serves the CLI and the editor;
 * only where a profile's options come from differs (the editor has SecretStorage, the CLI none).
 */
import type { SseClientOptions } from '../sseClient';
import type { StreamRecord } from '../../shared/records';
import { evaluate } from './evaluate';
import type { CheckFailure } from './failure';
import { maskRecord } from './redact';
import { runStream, type ResumeRuns, type StreamRun } from './streamRun';
import type { Check, Located } from './types';
import { maskSecrets } from './variables';

/** How a check ended. `error`: it could not run (e.g. a profile that does not exist). */
export type CheckOutcome = 'passed' | 'failed' | 'error';

export interface CheckResult {
  check: Check;
  outcome: CheckOutcome;
  /** Every unmet expectation, in file order (the first is the one a one-line report shows). */
  failures: CheckFailure[];
  /** Why it could not run, when `outcome` is `error`. */
  error?: string;
  /** Where the reason it could not run is written (e.g. `request.profile`), when it is in the file. */
  errorAt?: Located;
  durationMs: number;
  /** The run's records (the resume experiment's after them, seq continuing), secrets masked. */
  records: StreamRecord[];
}

/** Client options for a profile by name, or a message saying why there are none. */
export type ProfileResolver = (name: string) => Promise<SseClientOptions | { error: string }>;

export interface RunCheckOptions {
  /** Profiles (the editor): absent, a check with `request.profile` is an error. */
  resolveProfile?: ProfileResolver;
  signal?: AbortSignal;
}

/** The client options of a check's request. */
async function requestOptions(check: Check, options: RunCheckOptions): Promise<SseClientOptions | { error: string }> {
  const { request } = check;
  let base: SseClientOptions;
  if (request.profile) {
    if (!options.resolveProfile) return { error: `profile "${request.profile.name}": profiles are not available here` };
    const resolved = await options.resolveProfile(request.profile.name);
    if ('error' in resolved) return resolved;
    base = resolved;
  } else {
    base = { url: request.url! };
  }
  const headers = { ...(base.headers ?? {}), ...(request.headers ?? {}) };
  return {
    ...base,
    ...(request.method !== undefined ? { method: request.method } : {}),
    ...(request.body !== undefined ? { body: request.body, method: request.method ?? base.method ?? 'POST' } : {}),
    ...(request.lastEventId !== undefined ? { lastEventId: request.lastEventId } : {}),
    headers,
    secretHeaders: [...(base.secretHeaders ?? []), ...request.secretHeaders],
  };
}

/** Runs one check to its verdict. Never throws for anything the server or the file does. */
export async function runCheck(check: Check, options: RunCheckOptions = {}): Promise<CheckResult> {
  const started = Date.now();
  const secrets = check.request.secrets;
  const client = await requestOptions(check, options);
  if ('error' in client) {
    const errorAt = check.request.profile?.at;
    return { check, outcome: 'error', failures: [], error: maskSecrets(client.error, secrets), ...(errorAt ? { errorAt } : {}), durationMs: Date.now() - started, records: [] };
  }
  const stop = { events: check.stopEvents, ms: check.stopMs };
  const main = await runStream(client, stop, options.signal);
  let resumed: ResumeRuns | undefined;
  const resume = check.expect.resume?.value;
  if (resume !== undefined && !options.signal?.aborted) {
    const cut = await runStream(client, { events: resume, ms: check.stopMs }, options.signal);
    offsetSeqs(cut, lastSeq(main.records));
    const afterStop = { events: check.stopEvents !== undefined ? Math.max(1, check.stopEvents - resume) : undefined, ms: check.stopMs };
    const after = await runStream({ ...client, lastEventId: cut.lastEventId }, afterStop, options.signal);
    offsetSeqs(after, lastSeq(cut.records));
    resumed = { cut, after };
  }
  const failures = evaluate(check, main, resumed).map((f) => ({ ...f, expected: maskSecrets(f.expected, secrets), got: maskSecrets(f.got, secrets), ...(f.detail ? { detail: maskSecrets(f.detail, secrets) } : {}) }));
  const records = [...main.records, ...(resumed ? [...resumed.cut.records, ...resumed.after.records] : [])].map((r) => maskRecord(r, secrets));
  const cancelled = options.signal?.aborted === true;
  return {
    check,
    outcome: cancelled ? 'error' : failures.length > 0 ? 'failed' : 'passed',
    failures: cancelled ? [] : failures,
    ...(cancelled ? { error: 'Cancelled' } : {}),
    durationMs: Date.now() - started,
    records,
  };
}

const lastSeq = (records: readonly StreamRecord[]) => (records.length > 0 ? records[records.length - 1].seq : 0);

/** Numbers a later connection's records after the earlier one's, so seq is unique in the recording. */
function offsetSeqs(run: StreamRun, base: number): void {
  for (const record of run.records) record.seq += base;
}

/** Runs checks with at most `parallel` at a time; results in the order of `checks`. */
export async function runChecks(
  checks: readonly Check[],
  parallel: number,
  options: RunCheckOptions = {},
  onResult?: (result: CheckResult) => void,
): Promise<CheckResult[]> {
  const results = new Array<CheckResult>(checks.length);
  let next = 0;
  const worker = async () => {
    while (next < checks.length) {
      const index = next++;
      results[index] = await runCheck(checks[index], options);
      onResult?.(results[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, checks.length)) }, worker));
  return results;
}
