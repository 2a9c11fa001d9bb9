/**
 * Reads a check file (YAML, or JSON, which YAML reads too) into checks ready to run, or into
 * problems with their line and column. Never throws on bad input: a file is either usable whole
 * or reported, so a CI run never tests half of what the file says.
 */
import { LineCounter, parseDocument } from 'yaml';
import { compileEventSchema, describeAjvError, validateShape } from './jsonSchemas';
import { locate, placeFor, type Positions } from './positions';
import { keyPath, shapeProblems } from './shapeProblems';
import type { Check, CheckFile, CheckRequest, CountRange, DetectedLlmFormat, EventStep, Expectations, FileProblem, Located, MergedExpectations, Pattern } from './types';
import { hasMalformedVariable, substituteEnv } from './variables';

/** Default `stop.ms`: long enough for a slow first event, short enough for CI. */
export const DEFAULT_STOP_MS = 10_000;

/** What the check-file data looks like once the schema accepted it. */
interface RawStep {
  type?: string;
  count?: number | { min?: number; max?: number };
  withinMs?: number;
  data?: string;
  json?: unknown;
  id?: string;
}
interface RawMerged {
  text?: string;
  toolCalls?: string[];
  finishReason?: string;
  maxTtftMs?: number;
  format?: DetectedLlmFormat;
}
interface RawCheck {
  name: string;
  request: { url?: string; profile?: string; method?: string; headers?: Record<string, string>; body?: string; lastEventId?: string };
  stop?: { events?: number; ms?: number };
  expect?: Record<string, unknown> & { events?: RawStep[] };
}

/** Parses `text` (the file's contents); `file` is how reports name it. */
export function parseCheckFile(text: string, file: string, env: NodeJS.ProcessEnv = process.env): CheckFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) => ({
      pointer: '',
      place: { line: error.linePos?.[0].line ?? 1, column: error.linePos?.[0].col ?? 1 },
      message: `not valid YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    }));
    return { file, checks: [], problems };
  }
  const positions = locate(doc, lineCounter);
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    return { file, checks: [], problems: [{ pointer: '', place: { line: 1, column: 1 }, message: 'the file is empty: write "checks:" and a list of checks' }] };
  }
  const shape = shapeProblems(validateShape(data), positions);
  if (shape.length > 0) return { file, checks: [], problems: shape };

  const problems: FileProblem[] = [];
  const checks = ((data as { checks: RawCheck[] }).checks ?? []).map((raw, index) => new CheckCompiler(file, index, positions, env, problems).compile(raw));
  const seen = new Map<string, Check>();
  for (const check of checks) {
    const first = seen.get(check.name);
    if (first) problems.push(problem(`${check.pointer}/name`, positions, `two checks are named "${check.name}" (the first on line ${first.place.line}): names identify checks in reports`));
    else seen.set(check.name, check);
  }
  problems.sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column);
  return problems.length > 0 ? { file, checks: [], problems } : { file, checks, problems: [] };
}

function problem(pointer: string, positions: Positions, message: string): FileProblem {
  return { pointer, place: placeFor(positions, pointer), message };
}

/** Compiles one check's regexes, schemas and variables; problems go to the shared list. */
class CheckCompiler {
  private readonly base: string;

  constructor(
    private readonly file: string,
    private readonly index: number,
    private readonly positions: Positions,
    private readonly env: NodeJS.ProcessEnv,
    private readonly problems: FileProblem[],
  ) {
    this.base = `/checks/${index}`;
  }

  compile(raw: RawCheck): Check {
    const expectations = this.expectations(raw.expect ?? {});
    return {
      file: this.file,
      index: this.index,
      name: raw.name,
      pointer: this.base,
      place: placeFor(this.positions, this.base),
      request: this.request(raw.request),
      stopEvents: raw.stop?.events,
      stopMs: raw.stop?.ms ?? DEFAULT_STOP_MS,
      expect: expectations,
    };
  }

  private at(pointer: string): Located {
    return { pointer, place: placeFor(this.positions, pointer) };
  }

  private fail(pointer: string, message: string): void {
    this.problems.push({ ...this.at(pointer), message: `${keyPath(pointer)}: ${message}` });
  }

  private request(raw: RawCheck['request']): CheckRequest {
    const at = `${this.base}/request`;
    const request: CheckRequest = { secrets: [], secretHeaders: [] };
    const substitute = (pointer: string, text: string): string => {
      if (hasMalformedVariable(text)) this.fail(pointer, 'write variables as ${env:NAME} (letters, digits and _)');
      const result = substituteEnv(text, this.env);
      if (!result.ok) {
        this.fail(pointer, result.message);
        return '';
      }
      request.secrets.push(...result.used);
      return result.text;
    };
    if (raw.profile !== undefined) {
      request.profile = { name: raw.profile, at: this.at(`${at}/profile`) };
      if (raw.url !== undefined) this.fail(`${at}/url`, 'a profile\'s URL cannot be overridden: give "profile" or "url", not both');
    } else if (raw.url === undefined) {
      this.fail(at, 'needs "url" (or "profile", in VS Code)');
    } else {
      request.url = substitute(`${at}/url`, raw.url);
      if (request.url !== '' && !/^https?:\/\//i.test(request.url)) this.fail(`${at}/url`, 'must be an http:// or https:// URL');
    }
    if (raw.method !== undefined) request.method = raw.method;
    if (raw.body !== undefined) request.body = substitute(`${at}/body`, raw.body);
    if (raw.lastEventId !== undefined) request.lastEventId = substitute(`${at}/lastEventId`, raw.lastEventId);
    if (raw.headers) {
      request.headers = {};
      for (const [name, value] of Object.entries(raw.headers)) {
        const before = request.secrets.length;
        request.headers[name] = substitute(`${at}/headers/${name}`, value);
        if (request.secrets.length > before) request.secretHeaders.push(name);
      }
    }
    return request;
  }

  private expectations(raw: Record<string, unknown>): Expectations {
    const at = `${this.base}/expect`;
    const out: Expectations = {};
    const located = <T>(key: string) => ({ value: raw[key] as T, at: this.at(`${at}/${key}`) });
    if (raw.status !== undefined) out.status = located<number>('status');
    if (raw.contentType !== undefined) out.contentType = located<string>('contentType');
    if (raw.firstEventWithinMs !== undefined) out.firstEventWithinMs = located<number>('firstEventWithinMs');
    if (raw.maxGapMs !== undefined) out.maxGapMs = located<number>('maxGapMs');
    if (raw.endsWithinMs !== undefined) out.endsWithinMs = located<number>('endsWithinMs');
    if (raw.ids !== undefined) out.ids = located<'increasing' | 'unique'>('ids');
    if (raw.resume !== undefined) out.resume = located<number>('resume');
    if (raw.merged !== undefined) out.merged = this.merged(raw.merged as RawMerged, `${at}/merged`);
    const steps = raw.events as RawStep[] | undefined;
    if (steps !== undefined) out.events = { steps: steps.map((step, i) => this.step(step, i, `${at}/events/${i}`)), at: this.at(`${at}/events`) };
    return out;
  }

  private merged(raw: RawMerged, pointer: string): MergedExpectations {
    const merged: MergedExpectations = { at: this.at(pointer) };
    if (raw.text !== undefined) {
      const pattern = this.pattern(raw.text, `${pointer}/text`);
      if (pattern) merged.text = { ...pattern, at: this.at(`${pointer}/text`) };
    }
    if (raw.toolCalls !== undefined) merged.toolCalls = { value: raw.toolCalls, at: this.at(`${pointer}/toolCalls`) };
    if (raw.finishReason !== undefined) merged.finishReason = { value: raw.finishReason, at: this.at(`${pointer}/finishReason`) };
    if (raw.maxTtftMs !== undefined) merged.maxTtftMs = { value: raw.maxTtftMs, at: this.at(`${pointer}/maxTtftMs`) };
    if (raw.format !== undefined) merged.format = { value: raw.format, at: this.at(`${pointer}/format`) };
    return merged;
  }

  private step(raw: RawStep, index: number, pointer: string): EventStep {
    const step: EventStep = { ...this.at(pointer), index, count: this.count(raw.count, `${pointer}/count`) };
    if (raw.type !== undefined) step.type = raw.type;
    if (raw.count !== undefined) step.countAt = this.at(`${pointer}/count`);
    if (raw.withinMs !== undefined) {
      step.withinMs = raw.withinMs;
      step.withinAt = this.at(`${pointer}/withinMs`);
    }
    if (raw.data !== undefined) {
      const pattern = this.pattern(raw.data, `${pointer}/data`);
      if (pattern) step.data = { ...pattern, at: this.at(`${pointer}/data`) };
    }
    if (raw.id !== undefined) {
      const pattern = this.pattern(raw.id, `${pointer}/id`);
      if (pattern) step.id = { ...pattern, at: this.at(`${pointer}/id`) };
    }
    if (raw.json !== undefined) {
      try {
        const validate = compileEventSchema(raw.json);
        step.json = {
          check: (value) => (validate(value) ? undefined : describeAjvError(validate.errors![0])),
          at: this.at(`${pointer}/json`),
        };
      } catch (error) {
        this.fail(`${pointer}/json`, `the JSON Schema does not compile: ${(error as Error).message}`);
      }
    }
    return step;
  }

  private count(raw: RawStep['count'], pointer: string): CountRange {
    if (raw === undefined) return { min: 1, max: Infinity };
    if (typeof raw === 'number') return { min: raw, max: raw };
    const range = { min: raw.min ?? 0, max: raw.max ?? Infinity };
    if (range.min > range.max) this.fail(pointer, `min (${range.min}) is greater than max (${range.max})`);
    return range;
  }

  /** `pattern` or `/pattern/flags`; an invalid regex is a problem at its place. */
  private pattern(text: string, pointer: string): Pattern | undefined {
    const slashed = /^\/(.*)\/([dgimsuvy]*)$/s.exec(text);
    try {
      // g and y make test() stateful (lastIndex): drop them, a check tests each value afresh.
      const regex = slashed ? new RegExp(slashed[1], slashed[2].replace(/[gy]/g, '')) : new RegExp(text);
      return { source: text, regex };
    } catch (error) {
      this.fail(pointer, `not a valid regular expression: ${(error as Error).message}`);
      return undefined;
    }
  }
}
