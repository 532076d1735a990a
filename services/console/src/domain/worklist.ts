import type { CollectorTask } from '../clients/types.ts';

export const BUCKETS = ['act-now', 'promised', 'disputed', 'at-risk'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface WorklistFilter {
  currency?: string;
  step?: string;
  bucket?: Bucket;
}

export interface Worklist {
  buckets: { bucket: Bucket; count: number; tasks: CollectorTask[] }[];
  /** What the filters can choose from (of all the collector's tasks, not only the filtered ones). */
  currencies: string[];
  steps: string[];
}

const outcomeOf = (task: CollectorTask) =>
  typeof task.outcome?.outcome === 'string' ? (task.outcome.outcome as string) : undefined;

/**
 * Where a task belongs: promised and disputed by how it ended (an outcome recorded on it, or closed
 * because another task's outcome covered it); open work that was re-queued past its claim SLA or is
 * an escalation is at risk; other open work is to act on now. Tasks that ended otherwise (settled,
 * no answer, wrong contact, paid) are off the list.
 */
export function bucketOf(task: CollectorTask): Bucket | undefined {
  if (task.status === 'open' || task.status === 'claimed') {
    return task.kind === 'escalation' || task.escalations > 0 ? 'at-risk' : 'act-now';
  }
  const outcome = outcomeOf(task);
  if (task.closeReason === 'promised' || outcome === 'promise-to-pay') return 'promised';
  if (task.closeReason === 'disputed' || outcome === 'dispute') return 'disputed';
  return undefined;
}

/** The collector's tasks in buckets, most urgent first in each, filtered; counts are after filtering. */
export function buildWorklist(tasks: readonly CollectorTask[], filter: WorklistFilter): Worklist {
  const listed = tasks.flatMap((task) => {
    const bucket = bucketOf(task);
    return bucket ? [{ task, bucket }] : [];
  });
  const kept = listed.filter(
    ({ task, bucket }) =>
      (!filter.currency || task.currency === filter.currency) &&
      (!filter.step || task.step === filter.step) &&
      (!filter.bucket || bucket === filter.bucket),
  );
  const byPriority = (a: CollectorTask, b: CollectorTask) =>
    b.priority - a.priority || a.createdAt.localeCompare(b.createdAt) || a.taskId.localeCompare(b.taskId);
  return {
    buckets: BUCKETS.map((bucket) => {
      const inBucket = kept.filter((entry) => entry.bucket === bucket).map((entry) => entry.task);
      return { bucket, count: inBucket.length, tasks: inBucket.sort(byPriority) };
    }),
    currencies: [...new Set(listed.map(({ task }) => task.currency))].sort(),
    steps: [...new Set(listed.map(({ task }) => task.step))].sort(),
  };
}

/** Reads the worklist's query string; anything unknown is ignored rather than refused. */
export function parseWorklistFilter(query: Record<string, unknown>): WorklistFilter {
  const text = (value: unknown) =>
    typeof value === 'string' && value.length > 0 && value.length <= 100 ? value : undefined;
  const bucket = text(query.bucket);
  const currency = text(query.currency);
  const step = text(query.step);
  return {
    ...(currency ? { currency } : {}),
    ...(step ? { step } : {}),
    ...(bucket && (BUCKETS as readonly string[]).includes(bucket) ? { bucket: bucket as Bucket } : {}),
  };
}
