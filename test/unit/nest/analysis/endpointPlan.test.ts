import { strict as assert } from 'node:assert';
import { NOT_IN_CLASS_MESSAGE, planSseEndpoint } from '../../../../src/nest/analysis/endpointPlan';
import { applyEdits } from '../../../../src/nest/analysis/textEdits';

const CONTROLLER = [
  "import { Controller, Get } from '@nestjs/common';",
  '',
  "@Controller('news')",
  'export class NewsController {',
  '  @Get()',
  '  list() {',
  "    return ['{'];",
  '  } // keep me',
  '',
  '  @Get(":id")',
  '  one() {}',
  '}',
  '',
].join('\n');

/** Inserts at the offset of `marker` in `source` (plus `delta`). */
function insertAt(source: string, marker: string, delta: number, path = 'live'): string {
  const plan = planSseEndpoint(source, source.indexOf(marker) + delta, path);
  assert.ok(plan.ok, plan.ok ? '' : plan.message);
  return applyEdits(source, plan.edits);
}

describe('planSseEndpoint', () => {
  it('inserts after the member the cursor is in, keeping its trailing comment, and adds imports', () => {
    const result = insertAt(CONTROLLER, "return ['{']", 0);
    assert.ok(result.startsWith("import { Controller, Get, Sse, MessageEvent } from '@nestjs/common';\nimport { Observable, interval, map } from 'rxjs';\n"));
    assert.ok(
      result.includes(
        "  } // keep me\n\n  @Sse('live')\n  live(): Observable<MessageEvent> {\n    return interval(1000).pipe(\n      map((n) => ({ id: String(n + 1), type: 'tick', data: { n: n + 1, at: new Date().toISOString() } })),\n    );\n  }\n\n  @Get(\":id\")",
      ),
      result,
    );
  });

  it('inserts after the previous member when the cursor is between members', () => {
    const result = insertAt(CONTROLLER, '  @Get(":id")', 0, '/updates/');
    assert.match(result, /\/\/ keep me\n\n {2}@Sse\('updates'\)\n {2}updates\(\)/);
  });

  it('inserts first in the body when the cursor is before every member', () => {
    const result = insertAt(CONTROLLER, 'export class NewsController {', 'export class NewsController {'.length);
    assert.match(result, /export class NewsController \{\n {2}@Sse\('live'\)\n[^]*?\n {2}\}\n\n {2}@Get\(\)/);
  });

  it('fills an empty class, with the editor indentation and no path', () => {
    const source = "@Controller()\nexport class Empty {}\n";
    const plan = planSseEndpoint(source, source.indexOf('{}') + 1, '', { indentUnit: '\t' });
    assert.ok(plan.ok);
    const result = applyEdits(source, plan.edits);
    assert.ok(result.includes('export class Empty {\n\t@Sse()\n\tstream(): Observable<MessageEvent> {\n\t\treturn interval(1000).pipe(\n'), result);
    assert.ok(result.endsWith('\t}\n}\n'), result);
  });

  it('uses existing aliases and avoids taken method names', () => {
    const source = "import { Sse as S, MessageEvent as ME } from '@nestjs/common';\nimport * as rx from 'rxjs';\n@Controller()\nclass A {\n  events() {}\n}\n";
    const plan = planSseEndpoint(source, source.indexOf('events() {}'), 'events');
    assert.ok(plan.ok);
    assert.equal(plan.methodName, 'events2');
    const result = applyEdits(source, plan.edits);
    assert.ok(result.includes("@S('events')\n  events2(): rx.Observable<ME> {\n    return rx.interval(1000).pipe(\n      rx.map("), result);
    assert.ok(result.startsWith(source.slice(0, source.indexOf('@Controller'))), 'imports must stay as they were');
  });

  it('refuses outside a class and invalid paths, with messages that say what to do', () => {
    assert.deepEqual(planSseEndpoint(CONTROLLER, 5, 'x'), { ok: false, message: NOT_IN_CLASS_MESSAGE });
    const bad = planSseEndpoint(CONTROLLER, CONTROLLER.indexOf('list'), "it's");
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.message, /for example "events"/);
  });

  it('finds the inner class when classes are nested in a function', () => {
    const source = "function make() {\n  @Controller('a')\n  class A {\n    x() {}\n  }\n  return A;\n}\n";
    const plan = planSseEndpoint(source, source.indexOf('x() {}') + 6, 's');
    assert.ok(plan.ok);
    assert.equal(plan.className, 'A');
    assert.ok(applyEdits(source, plan.edits).includes("    x() {}\n\n    @Sse('s')\n    s(): Observable<MessageEvent> {"));
  });
});
