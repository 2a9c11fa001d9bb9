/**
 * Writes a scratch NestJS app (ESM, like the NestJS 12 packages themselves) whose code comes
 * from the extension's own scaffolding: the "Insert @Sse() Endpoint" plan applied to a plain
 * controller, the "New SSE Controller…" files for both variants, their module registration,
 * and the snippets expanded as a user accepting the defaults would get them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { planSseEndpoint } from '../../src/nest/analysis/endpointPlan';
import { ensureImports } from '../../src/nest/analysis/imports';
import { detectImportSuffix, planModuleRegistration, type ModuleEntry } from '../../src/nest/analysis/moduleRegistration';
import { planReplayController } from '../../src/nest/analysis/replayController';
import { planControllerFiles, relativeSpecifier } from '../../src/nest/analysis/scaffold';
import type { StreamRecord } from '../../src/shared/records';
import { SSE_HANDLER_IMPORTS, indentText } from '../../src/nest/analysis/templates';
import { applyEdits } from '../../src/nest/analysis/textEdits';
import { expandSnippet } from '../unit/nest/snippetExpand';

/** Snippet name -> body, from the contributed snippets file. */
type Snippets = Record<string, { body: string[] }>;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM'],
    types: ['node'],
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    skipLibCheck: true,
    outDir: 'dist',
    rootDir: 'src',
  },
  include: ['src'],
};

const MAIN = `import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

const app = await NestFactory.create(AppModule, { logger: ['log', 'error', 'warn'] });
app.setGlobalPrefix('api');
app.enableShutdownHooks();
await app.listen(0, '127.0.0.1');
console.log('LISTENING ' + (await app.getUrl()));
`;

const APP_MODULE = `import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';

@Module({
  imports: [],
  controllers: [HealthController],
})
export class AppModule {}
`;

const HEALTH_CONTROLLER = `import { Controller, Get } from '@nestjs/common';

@Controller('health')
export class HealthController {
  @Get()
  check(): { ok: boolean } {
    return { ok: true };
  }
}
`;

/**
 * The recording "New SSE Controller from Recording…" turns into a controller: quotes,
 * backslashes, multi-line and non-ASCII data, a comment, a retry and an unnamed event.
 */
export const REPLAY_RECORDS: StreamRecord[] = [
  { seq: 1, time: 1000, kind: 'open', url: 'http://live/', status: 200, statusText: 'OK', headers: {}, redirected: false },
  { seq: 2, time: 1040, kind: 'retry', retry: 1500 },
  { seq: 3, time: 1050, kind: 'event', type: 'greet', data: "it's \\ \"quoted\"", lastEventId: 'a1', id: 'a1', size: 17 },
  { seq: 4, time: 1060, kind: 'comment', text: 'keep-alive' },
  { seq: 5, time: 1150, kind: 'event', type: 'message', data: 'two\nlines é 🙂', lastEventId: 'a2', id: 'a2', size: 19 },
  { seq: 6, time: 1200, kind: 'event', type: 'done', data: '{"ok":true}', lastEventId: 'a3', id: 'a3', size: 11 },
];

/** Writes the app into `root` (which must sit below the repository so node_modules resolve). */
export function writeScratchApp(root: string, snippetsPath: string): void {
  const snippets = JSON.parse(readFileSync(snippetsPath, 'utf8')) as Snippets;
  const files = new Map<string, string>();
  files.set('package.json', JSON.stringify({ name: 'sse-proof', private: true, type: 'module' }, null, 2));
  files.set('tsconfig.json', JSON.stringify(TSCONFIG, null, 2));
  files.set('src/main.ts', MAIN);

  // "Insert @Sse() Endpoint" with the cursor after the last member of a plain controller.
  const cursor = HEALTH_CONTROLLER.lastIndexOf('  }\n}') + 3;
  const inserted = planSseEndpoint(HEALTH_CONTROLLER, cursor, '/ticks/');
  if (!inserted.ok) throw new Error(inserted.message);
  files.set('src/health.controller.ts', applyEdits(HEALTH_CONTROLLER, inserted.edits));

  // "New SSE Controller…", both variants; relative imports end like the module's own.
  const suffix = detectImportSuffix(APP_MODULE);
  const entries: ModuleEntry[] = [];
  const scaffold = (name: string, variant: 'interval' | 'broadcast', folder: string): void => {
    for (const file of planControllerFiles(name, variant, suffix)) {
      files.set(`src/${folder}${file.fileName}`, file.content);
      entries.push({ className: file.className, kind: file.kind, importPath: relativeSpecifier('/src', `/src/${folder}${file.fileName}`, suffix) });
    }
  };
  scaffold('newsFeed', 'broadcast', 'news/');
  scaffold('clock', 'interval', '');
  // "New SSE Controller from Recording…".
  const replay = planReplayController('recorded', REPLAY_RECORDS, 'live.ndjson');
  if (!replay.ok) throw new Error(replay.message);
  files.set(`src/replay/${replay.file.fileName}`, replay.file.content);
  entries.push({ className: replay.file.className, kind: replay.file.kind, importPath: relativeSpecifier('/src', `/src/replay/${replay.file.fileName}`, suffix) });

  // The snippets, expanded as accepted with defaults (paths typed where two would clash).
  const handler = expandSnippet(snippets['NestJS @Sse() handler'].body).trimEnd();
  const resumable = expandSnippet(snippets['NestJS @Sse() resumable handler with id, type and retry'].body, { 1: 'resumable', 2: 'resumable' }).trimEnd();
  const head = "import { Controller, Headers } from '@nestjs/common';\n";
  const imports = ensureImports(head, SSE_HANDLER_IMPORTS);
  files.set(
    'src/snippets.controller.ts',
    `${applyEdits(head, imports.edits)}\n@Controller('snippets')\nexport class SnippetsController {\n${indentText(handler, '  ')}\n\n${indentText(resumable, '  ')}\n}\n`,
  );
  files.set('src/chat/chat-room.ts', expandSnippet(snippets['NestJS SSE broadcast service and controller'].body, { 1: 'chat-room' }));
  entries.push(
    { className: 'SnippetsController', kind: 'controllers', importPath: `./snippets.controller${suffix}` },
    { className: 'ChatRoomController', kind: 'controllers', importPath: `./chat/chat-room${suffix}` },
    { className: 'ChatRoomService', kind: 'providers', importPath: `./chat/chat-room${suffix}` },
  );
  files.set('src/client/browser.ts', `${expandSnippet(snippets['EventSource client'].body)}\nexport {};\n`);

  const registration = planModuleRegistration(APP_MODULE, entries);
  if (!registration.ok) throw new Error(registration.message);
  files.set('src/app.module.ts', applyEdits(APP_MODULE, registration.edits));

  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}
