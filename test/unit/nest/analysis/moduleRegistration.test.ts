import { strict as assert } from 'node:assert';
import { detectImportSuffix, planModuleRegistration, type ModuleEntry } from '../../../../src/nest/analysis/moduleRegistration';
import { applyEdits } from '../../../../src/nest/analysis/textEdits';

const NEWS: ModuleEntry[] = [
  { className: 'NewsController', kind: 'controllers', importPath: './news/news.controller' },
  { className: 'NewsService', kind: 'providers', importPath: './news/news.service' },
];

function register(source: string, entries: ModuleEntry[] = NEWS): string {
  const plan = planModuleRegistration(source, entries);
  assert.ok(plan.ok, plan.ok ? '' : plan.message);
  return applyEdits(source, plan.edits);
}

describe('planModuleRegistration', () => {
  it('appends to one-line arrays and imports the classes', () => {
    const source = "import { Module } from '@nestjs/common';\nimport { AppController } from './app.controller';\n\n@Module({ controllers: [AppController], providers: [] })\nexport class AppModule {}\n";
    assert.equal(
      register(source),
      "import { Module } from '@nestjs/common';\nimport { AppController } from './app.controller';\nimport { NewsController } from './news/news.controller';\nimport { NewsService } from './news/news.service';\n\n@Module({ controllers: [AppController, NewsController], providers: [NewsService] })\nexport class AppModule {}\n",
    );
  });

  it('follows multi-line arrays with trailing commas', () => {
    const source = "@Module({\n  controllers: [\n    AppController,\n  ],\n})\nclass M {}\n";
    assert.equal(
      register(source, [NEWS[0]]),
      "import { NewsController } from './news/news.controller';\n\n@Module({\n  controllers: [\n    AppController,\n    NewsController,\n  ],\n})\nclass M {}\n",
    );
  });

  it('adds missing properties to the @Module object', () => {
    const source = "import { Module } from '@nestjs/common';\n@Module({\n  imports: [ConfigModule.forRoot({ isGlobal: true })],\n})\nexport class AppModule {}\n";
    const result = register(source);
    assert.ok(result.includes("  imports: [ConfigModule.forRoot({ isGlobal: true })],\n  controllers: [NewsController],\n  providers: [NewsService],\n})"), result);
    assert.equal(register('@Module({})\nclass M {}', [NEWS[0]]), "import { NewsController } from './news/news.controller';\n\n@Module({ controllers: [NewsController] })\nclass M {}");
  });

  it('does nothing for classes already listed', () => {
    const source = "import { NewsController } from './news/news.controller';\n\n@Module({ controllers: [NewsController] })\nclass M {}";
    const plan = planModuleRegistration(source, [NEWS[0]]);
    assert.deepEqual(plan, { ok: true, edits: [], added: [] });
  });

  it('explains what to do when it cannot edit', () => {
    assert.deepEqual(planModuleRegistration('export class NotAModule {}', NEWS), { ok: false, message: 'found no @Module({ … }) in it' });
    const computed = planModuleRegistration('@Module({ controllers: CONTROLLERS })\nclass M {}', [NEWS[0]]);
    assert.deepEqual(computed, { ok: false, message: 'its controllers is not an array literal: add NewsController there by hand' });
  });

  it('ignores a controllers key nested deeper in the object', () => {
    const source = '@Module({ imports: [X.register({ controllers: [] })] })\nclass M {}';
    assert.ok(register(source, [NEWS[0]]).includes('imports: [X.register({ controllers: [] })], controllers: [NewsController] })'));
  });
});

describe('detectImportSuffix', () => {
  it('says .js when relative imports use it', () => {
    assert.equal(detectImportSuffix("import { A } from './a.js';\nimport { B } from '@nestjs/common';"), '.js');
    assert.equal(detectImportSuffix("import { A } from './a';\nimport { B } from 'b.js';"), '');
  });
});
