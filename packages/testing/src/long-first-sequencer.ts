import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files known to run longest, longest first. Vitest orders a fresh clone's files by size (it has no
 * timings yet), which could start a long one last and leave the other workers idle while it runs
 * alone. (The fault suite has a group of its own, after all the others.)
 */
const LONG_RUNNING = [
  /console\/test\/browser\.test\.ts$/,
  /dunning-correctness\.test\.ts$/,
  /promise-and-risk-scenarios\.test\.ts$/,
  /ladder-scenarios\.test\.ts$/,
  /ledger-chunks\.test\.ts$/,
  /dunning\/test\/ladder\.test\.ts$/,
  /customer-policy-and-legal\.test\.ts$/,
  /event-consumer\.test\.ts$/,
  /recovery-reports\.test\.ts$/,
  /blocks\.test\.ts$/,
  /ledger-erp-chunks\.test\.ts$/,
  // The long form's longest.
  /backup-restore\.test\.ts$/,
  /ledger-kafka-stream\.test\.ts$/,
  /kafka-security\.test\.ts$/,
  /chaos-event-stream\.test\.ts$/,
];

/** Starts the long-running files first; the rest in vitest's own order. */
export default class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONG_RUNNING.findIndex((pattern) => pattern.test(file.moduleId));
      return index < 0 ? LONG_RUNNING.length : index;
    };
    const sorted = await super.sort(files);
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file);
  }
}
