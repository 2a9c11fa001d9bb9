/**
 * JUnit XML for CI: one <testsuite> per check file, one <testcase> per check, a <failure> per
 * failed check (an <error> when it could not run). The shape the Jenkins/Ant JUnit schema
 * accepts (test/unit/cli/junit.test.ts checks it element by element).
 */
import { formatFailure } from '../core/checks/failure';
import type { CheckResult } from '../core/checks/runner';

/** Characters XML 1.0 cannot hold at all, even escaped: dropped. */
const INVALID_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export interface JunitSuite {
  file: string;
  results: readonly CheckResult[];
}

/** The whole report; `now` is the run's start (the suites' timestamp). */
export function junitXml(suites: readonly JunitSuite[], now: Date, hostname: string): string {
  const all = suites.flatMap((s) => s.results);
  const count = (outcome: CheckResult['outcome'], results: readonly CheckResult[]) => results.filter((r) => r.outcome === outcome).length;
  const totalMs = all.reduce((sum, r) => sum + r.durationMs, 0);
  const timestamp = now.toISOString().slice(0, 19);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites name="sse-inspector check" tests="${all.length}" failures="${count('failed', all)}" errors="${count('error', all)}" time="${seconds(totalMs)}">`,
  );
  suites.forEach((suite, index) => {
    const ms = suite.results.reduce((sum, r) => sum + r.durationMs, 0);
    lines.push(
      `  <testsuite name="${escapeXml(suite.file)}" tests="${suite.results.length}" failures="${count('failed', suite.results)}" errors="${count('error', suite.results)}" skipped="0" time="${seconds(ms)}" timestamp="${timestamp}" hostname="${escapeXml(hostname)}" id="${index}" package="sse-inspector" file="${escapeXml(suite.file)}">`,
    );
    for (const result of suite.results) lines.push(...testcase(suite.file, result));
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

function testcase(file: string, result: CheckResult): string[] {
  const open = `    <testcase name="${escapeXml(result.check.name)}" classname="${escapeXml(file)}" time="${seconds(result.durationMs)}"`;
  if (result.outcome === 'passed') return [`${open}/>`];
  if (result.outcome === 'error') {
    return [`${open}>`, `      <error message="${escapeXml(result.error ?? 'error')}" type="error">${escapeXml(result.error ?? '')}</error>`, '    </testcase>'];
  }
  const first = result.failures[0];
  const body = result.failures.map((f) => `${file}:${f.place.line}:${f.place.column} ${formatFailure(f)}`).join('\n');
  return [`${open}>`, `      <failure message="${escapeXml(formatFailure(first))}" type="${escapeXml(first.expectation)}">${escapeXml(body)}</failure>`, '    </testcase>'];
}
