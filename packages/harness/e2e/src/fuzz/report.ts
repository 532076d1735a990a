import type { Failure, RunReport } from './http-fuzzer.ts';

const histogram = (statuses: Record<number, number>) =>
  Object.entries(statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');

/** One line per operation and class: inputs, statuses, rate. */
export function reportLine(report: RunReport): string {
  const rate = report.ms > 0 ? Math.round((report.inputs / report.ms) * 1000) : 0;
  return `${report.label} [${report.kind}] ${report.inputs} inputs in ${(report.ms / 1000).toFixed(1)} s (${rate}/s): ${histogram(report.statuses)}`;
}

/** Totals of a phase: inputs and the status histogram over every operation. */
export function phaseSummary(name: string, reports: RunReport[]): string {
  const statuses: Record<number, number> = {};
  let inputs = 0;
  let ms = 0;
  for (const report of reports) {
    inputs += report.inputs;
    ms += report.ms;
    for (const [status, count] of Object.entries(report.statuses))
      statuses[Number(status)] = (statuses[Number(status)] ?? 0) + count;
  }
  const failures = reports.reduce((sum, report) => sum + report.failureCount, 0);
  return `${name}: ${inputs} inputs over ${reports.length} operations in ${(ms / 1000).toFixed(1)} s, ${failures} failures: ${histogram(statuses)}`;
}

/** Failures as text, each with what replays it (FUZZ_SEED, FUZZ_ONLY and the input's index). */
export function describeFailures(failures: Failure[]): string {
  return failures
    .map(
      (failure) =>
        `- ${failure.label} [${failure.kind}] #${failure.index} (FUZZ_SEED=${failure.seed}) ${failure.what}\n` +
        `  ${failure.problem}\n  request: ${failure.request}`,
    )
    .join('\n');
}
