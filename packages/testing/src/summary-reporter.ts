import type { Reporter, TestModule } from 'vitest/node';

const SLOWEST_SHOWN = 12;

/**
 * Ends the run with a plain `N passed, N failed` line that any CI log reader understands, after the
 * slowest files, so whoever adds time to the 10-minute CI budget sees where it went.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
    }
    const slowest = testModules
      .map((module) => {
        const { duration, setupDuration, collectDuration } = module.diagnostic();
        return {
          file: `${module.project.name}: ${module.relativeModuleId}`,
          seconds: (duration + setupDuration + collectDuration) / 1000,
        };
      })
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, SLOWEST_SHOWN);
    if (slowest.length > 0) {
      process.stdout.write('\nslowest files:\n');
      for (const { file, seconds } of slowest)
        process.stdout.write(`${seconds.toFixed(1).padStart(7)} s  ${file}\n`);
    }
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
