import { strict as assert } from 'node:assert';
import { findGlobalPrefix, findSseRoutes, joinRoutePath, routeUrl } from '../../../../src/nest/analysis/nestRoutes';

/** The route paths found in `source`, as `Class.method -> path`. */
function paths(source: string): string[] {
  return findSseRoutes(source).map((r) => `${r.className}.${r.methodName} -> ${r.path}`);
}

describe('nestRoutes', () => {
  describe('findSseRoutes', () => {
    it('joins a string controller path and an @Sse path', () => {
      const source = [
        "import { Controller, Sse } from '@nestjs/common';",
        "@Controller('news')",
        'export class NewsController {',
        "  @Sse('live')",
        '  live(): Observable<MessageEvent> { return interval(1).pipe(map(() => ({ data: {} }))); }',
        '}',
      ].join('\n');
      assert.deepEqual(paths(source), ['NewsController.live -> /news/live']);
      const [route] = findSseRoutes(source);
      assert.equal(route.line, 3);
      assert.equal(route.character, 2);
      assert.equal(route.httpMethod, 'GET');
      assert.equal(route.pathIsGuess, false);
    });

    it('handles a controller without a path and a handler without a path', () => {
      assert.deepEqual(paths('@Controller()\nclass A {\n  @Sse()\n  all() {}\n  @Sse("x")\n  x() {}\n}'), ['A.all -> /', 'A.x -> /x']);
    });

    it('reads @Controller({ path }) and ignores other options', () => {
      const source = "@Controller({ host: 'api.example.com', path: '/feeds/', version: '2' })\nexport class Feeds {\n  @Sse('/prices/')\n  prices() {}\n}";
      assert.deepEqual(paths(source), ['Feeds.prices -> /feeds/prices']);
    });

    it('treats @Controller({}) without path as no path', () => {
      assert.deepEqual(paths("@Controller({ host: 'x' })\nclass A {\n  @Sse('s') s() {}\n}"), ['A.s -> /s']);
    });

    it('finds several handlers, skipping other decorators and modifiers', () => {
      const source = [
        '@Controller("/chat/")',
        'export class ChatController {',
        '  constructor(private readonly chat: ChatService) {}',
        "  @Get('history') history() { return []; }",
        "  @Sse('rooms/:id')",
        '  @UseGuards(AuthGuard)',
        '  @Header("X-Accel-Buffering", "no")',
        '  public async room(@Param("id") id: string) { return this.chat.room(id); }',
        "  @Sse('typing', { method: RequestMethod.POST })",
        '  typing<T>() {}',
        '}',
      ].join('\n');
      assert.deepEqual(paths(source), ['ChatController.room -> /chat/rooms/:id', 'ChatController.typing -> /chat/typing']);
      assert.equal(findSseRoutes(source)[1].httpMethod, 'POST');
    });

    it('uses the first of an array of paths', () => {
      assert.deepEqual(paths("@Controller(['a', 'b'])\nclass A {\n  @Sse(['one', 'two']) one() {}\n}"), ['A.one -> /a/one']);
    });

    it('marks computed paths as guesses', () => {
      const [route] = findSseRoutes('@Controller(BASE)\nclass A {\n  @Sse(`events`) e() {}\n}');
      assert.equal(route.path, '/events');
      assert.equal(route.pathIsGuess, true);
    });

    it('ignores @Sse in comments, strings and classes without @Controller', () => {
      const source = [
        '@Injectable()',
        'export class NotAController {',
        "  @Sse('nope') nope() {}",
        '}',
        "@Controller('real')",
        'export class Real {',
        "  // @Sse('commented') old() {}",
        "  text = \"@Sse('string')\";",
        "  /* @Sse('block') */",
        "  @Sse('yes') yes() { const t = `{ ${'}'} `; return t; }",
        "  @Sse('also') also() {}",
        '}',
      ].join('\n');
      assert.deepEqual(paths(source), ['Real.yes -> /real/yes', 'Real.also -> /real/also']);
    });

    it('attributes handlers to the right class when a file has several controllers', () => {
      const source = "@Controller('a')\nclass A {\n  @Sse('x') x() {}\n}\nfunction helper() {}\n@Controller('b')\nexport class B {\n  @Sse('y') y() {}\n}\nclass Plain {\n  @Sse('z') z() {}\n}";
      assert.deepEqual(paths(source), ['A.x -> /a/x', 'B.y -> /b/y']);
    });

    it('counts CRLF line endings as one line', () => {
      const [route] = findSseRoutes("@Controller('c')\r\nclass C {\r\n\r\n  @Sse('s')\r\n  s() {}\r\n}");
      assert.equal(route.line, 3);
    });
  });

  describe('findGlobalPrefix', () => {
    it('reads app.setGlobalPrefix', () => {
      const main = "async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.setGlobalPrefix('api/v1', { exclude: ['health'] });\n  await app.listen(3000);\n}";
      assert.equal(findGlobalPrefix(main), 'api/v1');
    });
    it('returns undefined without a call or with a computed prefix', () => {
      assert.equal(findGlobalPrefix('// app.setGlobalPrefix("old")\nawait app.listen(3000);'), undefined);
      assert.equal(findGlobalPrefix('app.setGlobalPrefix(PREFIX);'), undefined);
    });
  });

  describe('joinRoutePath and routeUrl', () => {
    it('joins with single slashes whatever the parts look like', () => {
      assert.equal(joinRoutePath('/api/', '', '//news/', 'live/'), '/api/news/live');
      assert.equal(joinRoutePath('', ''), '/');
    });
    it('builds the URL from base, prefix and path', () => {
      assert.equal(routeUrl('http://localhost:3000/', 'api', '/news/live'), 'http://localhost:3000/api/news/live');
      assert.equal(routeUrl('http://localhost:3000', '', '/'), 'http://localhost:3000/');
      assert.equal(routeUrl('https://host/base', '/v1/', '/x'), 'https://host/base/v1/x');
    });
  });
});
