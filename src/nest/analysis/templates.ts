/**
 * The code the NestJS scaffolding writes, as pure functions of their parameters. The commands,
 * the snippets (snippets/nestjs-sse.code-snippets: a unit test checks each snippet expands to
 * exactly these texts), the real-NestJS proof test and the demo server all use these, so what is
 * proven is what users get.
 *
 * Shape, from the NestJS docs: an `@Sse('path')` handler returning `Observable<MessageEvent>`,
 * where a MessageEvent is `{ data, id?, type?, retry? }`. Texts use two-space indentation, single
 * quotes and semicolons (the Nest CLI's defaults); `indentText` adapts them to the editor.
 * Generated code never uses template literals, so snippet bodies only escape `$` in placeholders.
 */
import type { ModuleImports } from './imports';

/** Identifiers to write for imported names (see `ImportPlan.identifiers`): aliases, namespaces. */
export type Identifiers = Readonly<Record<string, string>>;

/** The imports the `@Sse()` handler of `sseHandler` needs. */
export const SSE_HANDLER_IMPORTS: readonly ModuleImports[] = [
  { module: '@nestjs/common', names: [{ name: 'Sse' }, { name: 'MessageEvent', typeOnly: true }] },
  { module: 'rxjs', names: [{ name: 'Observable', typeOnly: true }, { name: 'interval' }, { name: 'map' }] },
];

/** Parameters of the interval handler. Strings go into the code as they are (snippets pass placeholders). */
export interface SseHandlerOptions {
  /** The `@Sse` path, '' for none. */
  path: string;
  methodName: string;
  /** Milliseconds between events. */
  periodMs?: string;
  /** The event type clients listen for with `addEventListener(type, …)`. */
  eventType?: string;
  ids?: Identifiers;
}

/**
 * The handler the "Insert @Sse() Endpoint" command and the `sse-handler` snippet write: one
 * event per period, each with an `id` and a `type`, data as JSON.
 */
export function sseHandler(options: SseHandlerOptions): string {
  const id = (name: string): string => options.ids?.[name] ?? name;
  const decoratorArgs = options.path === '' ? '' : `'${options.path}'`;
  return [
    `@${id('Sse')}(${decoratorArgs})`,
    `${options.methodName}(): ${id('Observable')}<${id('MessageEvent')}> {`,
    `  return ${id('interval')}(${options.periodMs ?? '1000'}).pipe(`,
    `    ${id('map')}((n) => ({ id: String(n + 1), type: '${options.eventType ?? 'tick'}', data: { n: n + 1, at: new Date().toISOString() } })),`,
    '  );',
    '}',
  ].join('\n');
}

/** Parameters of the resumable handler. */
export interface ResumableHandlerOptions {
  path: string;
  methodName: string;
  eventType?: string;
  /** Reconnection delay in ms sent with the first event. */
  retryMs?: string;
}

/**
 * A handler whose events carry `id`, `type` and `retry`, and that resumes after the id in the
 * `Last-Event-ID` request header, which EventSource sends when it reconnects.
 */
export function resumableSseHandler(options: ResumableHandlerOptions): string {
  const decoratorArgs = options.path === '' ? '' : `'${options.path}'`;
  return [
    `@Sse(${decoratorArgs})`,
    `${options.methodName}(@Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {`,
    '  // A reconnecting EventSource sends the last id it saw: continue after it instead of from the start.',
    "  const first = /^\\d+$/.test(lastEventId ?? '') ? Number(lastEventId) + 1 : 1;",
    '  return interval(1000).pipe(',
    '    map((n) => ({',
    '      id: String(first + n),',
    `      type: '${options.eventType ?? 'tick'}',`,
    '      // Sent once: how long clients wait before reconnecting after the connection drops.',
    `      retry: n === 0 ? ${options.retryMs ?? '3000'} : undefined,`,
    '      data: { n: first + n, at: new Date().toISOString() },',
    '    })),',
    '  );',
    '}',
  ].join('\n');
}

/** Parameters shared by the generated files. */
export interface FileOptions {
  /** Kebab-case name: `news-feed` (route path and file names). */
  kebabName: string;
  /** PascalCase name: `NewsFeed` (class names). */
  pascalName: string;
  /** camelCase name: `newsFeed` (property names). */
  camelName: string;
  /** '' or '.js': what relative imports end with in this project (ESM projects need '.js'). */
  importSuffix?: string;
}

/** `<name>.controller.ts` with a resumable interval stream at GET /<name>. */
export function intervalControllerFile(options: FileOptions): string {
  return [
    "import { Controller, Headers, MessageEvent, Sse } from '@nestjs/common';",
    "import { Observable, interval, map } from 'rxjs';",
    '',
    '/**',
    ` * Server-Sent Events at GET /${options.kebabName}: one \`tick\` event per second.`,
    ` * Browser: \`new EventSource('/${options.kebabName}')\`, then \`addEventListener('tick', …)\`.`,
    ' */',
    `@Controller('${options.kebabName}')`,
    `export class ${options.pascalName}Controller {`,
    indentText(resumableSseHandler({ path: '', methodName: 'stream' }), '  '),
    '}',
    '',
  ].join('\n');
}

/** `<name>.service.ts`: a Subject of MessageEvent with `emit`, shared by all clients. */
export function broadcastServiceFile(options: FileOptions): string {
  return [
    "import { Injectable, MessageEvent, OnModuleDestroy } from '@nestjs/common';",
    "import { Observable, Subject } from 'rxjs';",
    '',
    indentText(broadcastServiceClass(options.pascalName), ''),
    '',
  ].join('\n');
}

/** The service class of the broadcast pair (also the body of the `sse-broadcast-service` snippet). */
export function broadcastServiceClass(pascalName: string): string {
  return [
    '/** Everything passed to `emit` goes to every client connected to the stream. */',
    '@Injectable()',
    `export class ${pascalName}Service implements OnModuleDestroy {`,
    '  private readonly events$ = new Subject<MessageEvent>();',
    '  private lastId = 0;',
    '',
    '  /** Sends one event to every connected client; `type` lets them use addEventListener(type, …). */',
    '  emit(data: string | object, type?: string): void {',
    '    this.lastId++;',
    '    this.events$.next({ id: String(this.lastId), type, data });',
    '  }',
    '',
    '  /** The stream a controller returns from its `@Sse()` handler. */',
    '  events(): Observable<MessageEvent> {',
    '    return this.events$.asObservable();',
    '  }',
    '',
    '  /** Ends the stream on shutdown so open connections close instead of hanging. */',
    '  onModuleDestroy(): void {',
    '    this.events$.complete();',
    '  }',
    '}',
  ].join('\n');
}

/** `<name>.controller.ts` of the broadcast pair: GET /<name> streams, POST /<name>/emit sends. */
export function broadcastControllerFile(options: FileOptions): string {
  return [
    "import { Body, Controller, Inject, MessageEvent, Post, Query, Sse } from '@nestjs/common';",
    "import { Observable, finalize } from 'rxjs';",
    `import { ${options.pascalName}Service } from './${options.kebabName}.service${options.importSuffix ?? ''}';`,
    '',
    indentText(broadcastControllerClass(options), ''),
    '',
  ].join('\n');
}

/** The controller class of the broadcast pair (also the body of the `sse-broadcast-controller` snippet). */
export function broadcastControllerClass(options: Pick<FileOptions, 'kebabName' | 'pascalName' | 'camelName'>): string {
  const service = `${options.camelName}Service`;
  return [
    '/**',
    ` * Server-Sent Events at GET /${options.kebabName}: every client receives what POST /${options.kebabName}/emit sends.`,
    ' */',
    `@Controller('${options.kebabName}')`,
    `export class ${options.pascalName}Controller {`,
    '  /** Clients connected now: `finalize` below counts them out when they go away. */',
    '  private clients = 0;',
    '',
    '  // @Inject names the dependency, so injection also works when the build emits no decorator',
    '  // metadata (esbuild, Vite, swc without it).',
    `  constructor(@Inject(${options.pascalName}Service) private readonly ${service}: ${options.pascalName}Service) {}`,
    '',
    '  @Sse()',
    '  stream(): Observable<MessageEvent> {',
    '    this.clients++;',
    `    return this.${service}.events().pipe(`,
    '      // NestJS unsubscribes when the client disconnects: release per-client resources here.',
    '      finalize(() => {',
    '        this.clients--;',
    '      }),',
    '    );',
    '  }',
    '',
    '  /** Sends the JSON body to every client, as a `message` event or as `?type=` when given. */',
    "  @Post('emit')",
    "  emit(@Body() data: object, @Query('type') type?: string): { clients: number } {",
    `    this.${service}.emit(data, type);`,
    '    return { clients: this.clients };',
    '  }',
    '}',
  ].join('\n');
}

/** Parameters of the browser client. */
export interface EventSourceClientOptions {
  url: string;
  eventType: string;
}

/** The browser side: an EventSource with `onmessage`, a named-event listener and `close()`. */
export function eventSourceClient(options: EventSourceClientOptions): string {
  return [
    `const source = new EventSource('${options.url}');`,
    '',
    '// Unnamed events (no `event:` field, or `type` left out on the server).',
    'source.onmessage = (event) => {',
    '  const data = JSON.parse(event.data);',
    "  console.log('message', data);",
    '};',
    '',
    '// Named events: `type` on the server side.',
    `source.addEventListener('${options.eventType}', (event) => {`,
    `  console.log('${options.eventType}', JSON.parse(event.data), 'id', event.lastEventId);`,
    '});',
    '',
    'source.onerror = () => {',
    '  // EventSource reconnects by itself; CLOSED means it gave up (an HTTP error or a wrong content type).',
    "  if (source.readyState === EventSource.CLOSED) console.warn('stream closed');",
    '};',
    '',
    '// Without close() an EventSource reconnects for as long as the page lives.',
    "window.addEventListener('beforeunload', () => source.close());",
  ].join('\n');
}

/**
 * Re-indents two-space-indented text: each leading pair of spaces becomes `unit`, and every
 * non-empty line gets `base` in front. Empty lines stay empty (no trailing whitespace).
 */
export function indentText(text: string, base: string, unit = '  '): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return '';
      const leading = /^ */.exec(line)?.[0].length ?? 0;
      return base + unit.repeat(Math.floor(leading / 2)) + ' '.repeat(leading % 2) + line.slice(leading);
    })
    .join('\n');
}
