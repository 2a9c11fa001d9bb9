import { strict as assert } from 'node:assert';
import { handlerMethodName, normalizeRoutePath, toCamelCase, toKebabCase, toPascalCase, validateControllerName, validateRoutePath } from '../../../../src/nest/analysis/names';
import { pickModuleFile, planControllerFiles, relativeSpecifier } from '../../../../src/nest/analysis/scaffold';

describe('names', () => {
  it('converts between kebab, camel and Pascal case', () => {
    for (const input of ['newsFeed', 'news-feed', 'NewsFeed', 'news_feed', ' news feed ']) {
      assert.deepEqual([toKebabCase(input), toCamelCase(input), toPascalCase(input)], ['news-feed', 'newsFeed', 'NewsFeed'], input);
    }
    assert.equal(toKebabCase('HTTPStatus'), 'http-status');
  });

  it('validates controller names with a hint', () => {
    assert.equal(validateControllerName('news-feed'), undefined);
    assert.match(validateControllerName('') ?? '', /Enter a name/);
    assert.match(validateControllerName('9lives') ?? '', /starting with a letter/);
    assert.match(validateControllerName('NewsController') ?? '', /Leave out "Controller"/);
  });

  it('validates and normalizes route paths', () => {
    assert.equal(validateRoutePath(''), undefined);
    assert.equal(validateRoutePath('/orders/:id/updates/'), undefined);
    assert.ok(validateRoutePath('a b'));
    assert.ok(validateRoutePath('a//b'));
    assert.ok(validateRoutePath("x'y"));
    assert.equal(normalizeRoutePath(' /events/ '), 'events');
  });

  it('derives method names from paths, avoiding taken ones', () => {
    assert.equal(handlerMethodName('events'), 'events');
    assert.equal(handlerMethodName('orders/:id/updates'), 'ordersIdUpdates');
    assert.equal(handlerMethodName(''), 'stream');
    assert.equal(handlerMethodName('2fa'), 'on2fa');
    assert.equal(handlerMethodName('events', new Set(['events', 'events2'])), 'events3');
  });
});

describe('scaffold', () => {
  it('plans the controller, and the service for the broadcast variant', () => {
    assert.deepEqual(planControllerFiles('newsFeed', 'interval').map((f) => [f.fileName, f.className, f.kind]), [['news-feed.controller.ts', 'NewsFeedController', 'controllers']]);
    const broadcast = planControllerFiles('news-feed', 'broadcast', '.js');
    assert.deepEqual(broadcast.map((f) => f.fileName), ['news-feed.controller.ts', 'news-feed.service.ts']);
    assert.ok(broadcast[0].content.includes("import { NewsFeedService } from './news-feed.service.js';"));
    assert.ok(broadcast[0].content.includes("@Controller('news-feed')"));
  });

  it('computes relative module specifiers', () => {
    assert.equal(relativeSpecifier('/p/src', '/p/src/news/news.controller.ts'), './news/news.controller');
    assert.equal(relativeSpecifier('/p/src/app', '/p/src/news/news.controller.ts', '.js'), '../news/news.controller.js');
    assert.equal(relativeSpecifier('/p/src', '/p/src/a.controller.ts'), './a.controller');
  });

  it('picks the module file of a folder', () => {
    assert.equal(pickModuleFile('news', ['z.module.ts', 'news.module.ts', 'app.module.ts']), 'news.module.ts');
    assert.equal(pickModuleFile('src', ['z.module.ts', 'app.module.ts', 'main.ts']), 'app.module.ts');
    assert.equal(pickModuleFile('x', ['b.module.ts', 'a.module.ts']), 'a.module.ts');
    assert.equal(pickModuleFile('x', ['main.ts']), undefined);
  });
});
