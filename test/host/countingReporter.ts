// Mocha's spec reporter, plus the run's totals written as JSON to the file named by
// $SSE_TEST_COUNTS_FILE. scripts/test-all.mjs adds these up over every stage for its one summary
// line; reading numbers from a file is sturdier than parsing "N passing" out of coloured output.
import Mocha from 'mocha';
import { writeFileSync } from 'node:fs';

/** What one mocha run reports back to scripts/test-all.mjs. */
export interface TestCounts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export const COUNTS_FILE_ENV = 'SSE_TEST_COUNTS_FILE';

export default class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env[COUNTS_FILE_ENV];
      if (!file) return;
      const stats = runner.stats;
      const counts: TestCounts = {
        passed: stats?.passes ?? 0,
        // Failed hooks count here too, so a suite whose before() throws is not "0 failed".
        failed: stats?.failures ?? 0,
        skipped: stats?.pending ?? 0,
      };
      writeFileSync(file, JSON.stringify(counts));
    });
  }
}
