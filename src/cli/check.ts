/**
 * `sse-inspector check FILE... [--junit out.xml] [--grep NAME] [--parallel N] [--record DIR]`:
 * runs stream checks headless, one line per check, a summary line, and an exit status CI can
 * use: 0 all passed, 1 one failed, 2 a file is invalid (with its line and column) or bad usage.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { formatFailure } from '../core/checks/failure';
import { parseCheckFile } from '../core/checks/parse';
import { runChecks, type CheckResult } from '../core/checks/runner';
import type { Check, CheckFile, FileProblem } from '../core/checks/types';
import { formatRecordLine } from '../core/ndjson';
import { junitXml } from './junit';
import { tokenizeArgs } from './argTokens';

export interface CheckRun {
  files: string[];
  junit?: string;
  grep?: RegExp;
  parallel: number;
  record?: string;
}

export const DEFAULT_PARALLEL = 4;

const CHECK_VALUE_OPTIONS = new Set(['--junit', '--record', '--grep', '--parallel']);

/** Parses the arguments after `check`; a string is a usage error. */
export function parseCheckArgs(argv: readonly string[]): CheckRun | string {
  const run: CheckRun = { files: [], parallel: DEFAULT_PARALLEL };
  const tokens = tokenizeArgs(argv, (arg) => CHECK_VALUE_OPTIONS.has(arg));
  if (typeof tokens === 'string') return tokens;
  for (const { arg, value } of tokens) {
    switch (arg) {
      case '--junit':
        run.junit = value;
        break;
      case '--record':
        run.record = value;
        break;
      case '--grep':
        // A pattern that is not a valid regex is taken as literal text.
        try {
          run.grep = new RegExp(value!);
        } catch {
          run.grep = new RegExp(value!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        }
        break;
      case '--parallel': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) return `--parallel takes a whole number >= 1, not "${value}".`;
        run.parallel = n;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') return `Unknown option ${arg} for check (see --help).`;
        run.files.push(arg);
    }
  }
  if (run.files.length === 0) return 'check needs at least one file: sse-inspector check api.ssecheck.yaml';
  return run;
}

/** The CLI has no SecretStorage: a profile cannot be used, and says what to write instead. */
function cliProblems(file: CheckFile): FileProblem[] {
  return file.checks.flatMap((check) =>
    check.request.profile
      ? [{
          ...check.request.profile.at,
          message: `checks[${check.index}].request.profile: profile "${check.request.profile.name}" cannot be used by the CLI: profiles and their secrets live in VS Code (SecretStorage). For CI, write "url" and "headers" with \${env:NAME} values instead.`,
        }]
      : [],
  );
}

const place = (file: string, p: { place: { line: number; column: number } }) => `${file}:${p.place.line}:${p.place.column}`;

/** One line per check, as the CLI prints it. */
export function resultLine(result: CheckResult, recording?: string): string {
  const name = result.check.name;
  const took = `(${result.durationMs} ms)`;
  const kept = recording ? ` [recording: ${recording}]` : '';
  if (result.outcome === 'passed') return `PASS  ${name} ${took}${kept}`;
  if (result.outcome === 'error') return `ERROR ${name}: ${result.error ?? 'could not run'} ${took}${kept}`;
  const failure = result.failures[0];
  const more = result.failures.length > 1 ? ` (+${result.failures.length - 1} more)` : '';
  return `FAIL  ${name}: ${place(result.check.file, failure)} ${formatFailure(failure)}${more} ${took}${kept}`;
}

const slug = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'check';

/** Runs the checks; resolves with the exit status. Lines go to `out`, problems to `err`. */
export async function check(run: CheckRun, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const files: CheckFile[] = [];
  let invalid = false;
  for (const path of run.files) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      err(`sse-inspector: cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
      invalid = true;
      continue;
    }
    const file = parseCheckFile(text, path);
    const problems = [...file.problems, ...cliProblems(file)].sort((a, b) => a.place.line - b.place.line);
    for (const problem of problems) err(`${place(path, problem)}: ${problem.message}`);
    if (problems.length > 0) invalid = true;
    files.push(file);
  }
  if (invalid) {
    err('sse-inspector: invalid check file; nothing was run.');
    return 2;
  }
  const selected: Check[] = files.flatMap((f) => f.checks).filter((c) => !run.grep || run.grep.test(c.name));
  if (selected.length === 0) {
    err(run.grep ? `sse-inspector: no check matches --grep ${run.grep.source}` : 'sse-inspector: the files hold no checks');
    return 2;
  }
  if (run.record) mkdirSync(run.record, { recursive: true });

  const started = new Date();
  const results = new Array<CheckResult | undefined>(selected.length);
  const recordings = new Map<Check, string>();
  let printed = 0;
  // Lines come in file order whatever order the parallel runs finish in: CI logs stay diffable.
  await runChecks(selected, run.parallel, {}, (result) => {
    if (run.record) {
      const target = join(run.record, `${slug(basename(result.check.file).replace(/\.ssecheck\.(ya?ml|json)$/, ''))}--${slug(result.check.name)}.ndjson`);
      writeFileSync(target, result.records.map(formatRecordLine).join(''));
      recordings.set(result.check, target);
    }
    results[selected.indexOf(result.check)] = result;
    while (printed < results.length && results[printed]) {
      const done = results[printed++]!;
      out(resultLine(done, recordings.get(done.check)));
    }
  });
  const all = results as CheckResult[];
  const failed = all.filter((r) => r.outcome !== 'passed').length;
  const errors = all.filter((r) => r.outcome === 'error').length;
  const seconds = ((Date.now() - started.getTime()) / 1000).toFixed(1);
  out(`${all.length} check${all.length === 1 ? '' : 's'}: ${all.length - failed} passed, ${failed - errors} failed${errors ? `, ${errors} could not run` : ''} (${seconds} s)`);
  if (run.junit) {
    const suites = files.map((f) => ({ file: f.file, results: all.filter((r) => r.check.file === f.file && f.checks.includes(r.check)) })).filter((s) => s.results.length > 0);
    writeFileSync(run.junit, junitXml(suites, started, hostname()));
  }
  return failed > 0 ? 1 : 0;
}
