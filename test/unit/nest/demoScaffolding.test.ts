/** The demo server's scaffolded controllers are exactly what "New SSE Controller…" writes. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planControllerFiles } from '../../../src/nest/analysis/scaffold';

const demoSrc = join(__dirname, '../../../../demo/src');

describe('demo server scaffolding', () => {
  for (const [name, variant] of [['resumable', 'interval'], ['broadcast', 'broadcast']] as const) {
    it(`demo/src/${name}.* is the ${variant} scaffolding`, () => {
      for (const file of planControllerFiles(name, variant)) {
        assert.equal(readFileSync(join(demoSrc, file.fileName), 'utf8'), file.content, `${file.fileName} differs from the scaffolding: regenerate it`);
      }
    });
  }
});
