// A vitest reporter that writes the run's unhandled errors (an error no test awaited: a stray rejection, a worker RPC
// timeout) to a JSON file, so scripts/test.mjs can repeat them beside the closing line, where a CI log's tail shows them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export default class UnhandledErrorsReporter {
  constructor(options = {}) {
    this.file = options.outputFile ?? 'test-results/unhandled-errors.json';
  }

  onTestRunEnd(_testModules, unhandledErrors) {
    const errors = (unhandledErrors ?? []).map((e) => ({
      name: e.name ?? 'Error',
      message: String(e.message ?? e),
      // vitest names the test file that was running when the error surfaced.
      testFile: e.VITEST_TEST_PATH ?? null,
      test: e.VITEST_TEST_NAME ?? null,
      stack: String(e.stack ?? '')
        .split('\n')
        .slice(0, 8)
        .join('\n'),
    }));
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, `${JSON.stringify(errors, null, 2)}\n`);
  }
}
