import { strict as assert } from 'node:assert';
import { ensureImports, type ModuleImports } from '../../../../src/nest/analysis/imports';
import { SSE_HANDLER_IMPORTS } from '../../../../src/nest/analysis/templates';
import { applyEdits } from '../../../../src/nest/analysis/textEdits';

/** Applies the handler's imports to `source`; returns the new text and the identifiers to use. */
function withHandlerImports(source: string, needs: readonly ModuleImports[] = SSE_HANDLER_IMPORTS): { text: string; ids: Record<string, string> } {
  const plan = ensureImports(source, needs);
  return { text: applyEdits(source, plan.edits), ids: plan.identifiers };
}

describe('ensureImports', () => {
  it('adds new declarations after the last import, in the file\'s quote and semicolon style', () => {
    const { text, ids } = withHandlerImports('import { Injectable } from "@nestjs/core"\n\nexport class A {}\n');
    assert.equal(
      text,
      'import { Injectable } from "@nestjs/core"\nimport { Sse, MessageEvent } from "@nestjs/common"\nimport { Observable, interval, map } from "rxjs"\n\nexport class A {}\n',
    );
    assert.equal(ids.Sse, 'Sse');
  });

  it('adds to an existing single-line named import without duplicating', () => {
    const { text } = withHandlerImports("import { Controller, Sse } from '@nestjs/common';\nimport { map } from 'rxjs';\n");
    assert.equal(text, "import { Controller, Sse, MessageEvent } from '@nestjs/common';\nimport { map, Observable, interval } from 'rxjs';\n");
  });

  it('follows a multi-line import with a trailing comma', () => {
    const source = "import {\n    Controller,\n    Get,\n} from '@nestjs/common';\n";
    const { text } = withHandlerImports(source, [SSE_HANDLER_IMPORTS[0]]);
    assert.equal(text, "import {\n    Controller,\n    Get,\n    Sse,\n    MessageEvent,\n} from '@nestjs/common';\n");
  });

  it('follows a multi-line import without a trailing comma', () => {
    const { text } = withHandlerImports("import {\n  Controller\n} from '@nestjs/common';", [SSE_HANDLER_IMPORTS[0]]);
    assert.equal(text, "import {\n  Controller,\n  Sse,\n  MessageEvent\n} from '@nestjs/common';");
  });

  it('lets `import type` satisfy type-only names but not values', () => {
    const source = "import type { MessageEvent } from '@nestjs/common';\nimport type { Observable } from 'rxjs';\n";
    const { text } = withHandlerImports(source);
    assert.equal(
      text,
      "import type { MessageEvent } from '@nestjs/common';\nimport type { Observable } from 'rxjs';\nimport { Sse } from '@nestjs/common';\nimport { interval, map } from 'rxjs';\n",
    );
  });

  it('reuses aliases and namespaces instead of importing again', () => {
    const source = "import { Sse as NestSse, Controller } from '@nestjs/common';\nimport * as rx from 'rxjs';\n";
    const { text, ids } = withHandlerImports(source);
    assert.equal(text, "import { Sse as NestSse, Controller, MessageEvent } from '@nestjs/common';\nimport * as rx from 'rxjs';\n");
    assert.deepEqual(ids, { Sse: 'NestSse', MessageEvent: 'MessageEvent', Observable: 'rx.Observable', interval: 'rx.interval', map: 'rx.map' });
  });

  it('adds named imports next to a default import', () => {
    const { text } = withHandlerImports("import rxjs from 'rxjs';\n", [SSE_HANDLER_IMPORTS[1]]);
    assert.equal(text, "import rxjs, { Observable, interval, map } from 'rxjs';\n");
  });

  it('aliases a name another module already binds', () => {
    const { text, ids } = withHandlerImports("import { map } from 'lodash';\n", [SSE_HANDLER_IMPORTS[1]]);
    assert.equal(text, "import { map } from 'lodash';\nimport { Observable, interval, map as rxjsMap } from 'rxjs';\n");
    assert.equal(ids.map, 'rxjsMap');
  });

  it('uses inline `type` when the file already does (verbatimModuleSyntax style)', () => {
    const { text } = withHandlerImports("import { type Type, Controller } from '@nestjs/common';\n", [SSE_HANDLER_IMPORTS[0]]);
    assert.equal(text, "import { type Type, Controller, Sse, type MessageEvent } from '@nestjs/common';\n");
  });

  it('inserts at the top of a file without imports, and ignores import-like text elsewhere', () => {
    const source = "// import { Sse } from '@nestjs/common';\nconst s = \"import { map } from 'rxjs'\";\nconst lazy = import('rxjs');\n";
    const { text } = withHandlerImports(source, [SSE_HANDLER_IMPORTS[1]]);
    assert.equal(text, "import { Observable, interval, map } from 'rxjs';\n\n" + source);
  });

  it('skips side-effect imports and import = require, and fills empty braces', () => {
    const source = "import 'reflect-metadata';\nimport fs = require('fs');\nimport {} from 'rxjs';\n";
    const { text } = withHandlerImports(source, [SSE_HANDLER_IMPORTS[1]]);
    assert.equal(text, "import 'reflect-metadata';\nimport fs = require('fs');\nimport { Observable, interval, map } from 'rxjs';\n");
  });

  it('changes nothing when everything is imported', () => {
    const source = "import { Controller, MessageEvent, Sse } from '@nestjs/common';\nimport { Observable, interval, map } from 'rxjs';\n";
    assert.deepEqual(ensureImports(source, SSE_HANDLER_IMPORTS).edits, []);
  });
});
