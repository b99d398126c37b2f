// A jest reporter that records how many tests a package's suite passed,
// failed and skipped in .test-results/<package>.json at the repo root, so
// `npm test` can print one total line for all packages (see scripts/dev.mjs).
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class CountReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = join(__dirname, '..', '.test-results');
    mkdirSync(dir, { recursive: true });
    const name = this.rootDir.split(/[\\/]/).filter(Boolean).slice(-2).join('-');
    writeFileSync(
      join(dir, `${name}.json`),
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}

module.exports = CountReporter;
