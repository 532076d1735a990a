import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that start the whole platform (four services, a browser): each takes a core for a minute or more,
 * so no two of them should start together.
 */
const WHOLE_PLATFORM = [
  /console\/test\/browser\.test\.ts$/,
  /dunning-correctness\.test\.ts$/,
  /promise-and-risk-scenarios\.test\.ts$/,
  /ladder-scenarios\.test\.ts$/,
];

/** Other files known to run long, longest first (some only in the long form). */
const LONG_RUNNING = [
  /backup-restore\.test\.ts$/,
  /ledger-kafka-stream\.test\.ts$/,
  /kafka-security\.test\.ts$/,
  /chaos-event-stream\.test\.ts$/,
  /ledger-chunks\.test\.ts$/,
  /dunning\/test\/ladder\.test\.ts$/,
  /crash-recovery\.test\.ts$/,
  /event-consumer\.test\.ts$/,
  /blocks\.test\.ts$/,
  /ledger-erp-chunks\.test\.ts$/,
  /customer-policy-and-legal\.test\.ts$/,
];

/** How many other files start between two whole-platform ones (three run at once). */
const SPACING = 6;

const rankIn = (patterns: RegExp[], file: TestSpecification) => {
  const index = patterns.findIndex((pattern) => pattern.test(file.moduleId));
  return index < 0 ? patterns.length : index;
};

/**
 * Vitest orders a fresh clone's files by size (it has no timings yet), which could start a long one last
 * and leave the other workers idle while it runs alone, or start the whole-platform files together and
 * starve their timers. So: the long files first, with the whole-platform ones spread among them; then
 * the rest in vitest's own order. (The fault suite has a group of its own, after all the others.)
 */
export default class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const byRank = (patterns: RegExp[]) =>
      sorted
        .filter((file) => rankIn(patterns, file) < patterns.length)
        .sort((a, b) => rankIn(patterns, a) - rankIn(patterns, b));
    const wholePlatform = byRank(WHOLE_PLATFORM);
    const long = byRank(LONG_RUNNING).filter((file) => !wholePlatform.includes(file));
    const rest = sorted.filter((file) => !wholePlatform.includes(file) && !long.includes(file));
    const others = [...long, ...rest];
    const ordered: TestSpecification[] = [];
    for (const [index, file] of wholePlatform.entries()) {
      ordered.push(file, ...others.splice(0, index === wholePlatform.length - 1 ? 0 : SPACING - 1));
    }
    return [...ordered, ...others];
  }
}
