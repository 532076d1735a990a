import type { CollectorTask } from '../clients/types.ts';

export const BUCKETS = ['act-now', 'promised', 'disputed', 'at-risk'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface WorklistFilter {
  currency?: string;
  step?: string;
  bucket?: Bucket;
  /** 1-based; each bucket shows one page of `PAGE_SIZE` tasks. */
  page?: number;
}

export const PAGE_SIZE = 50;

export interface Worklist {
  buckets: { bucket: Bucket; count: number; tasks: CollectorTask[] }[];
  page: number;
  /** Pages of the largest bucket: the worklist's page count. */
  pages: number;
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

/** The collector's tasks in buckets, most urgent first in each, filtered and paged; counts are of every page. */
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
  const grouped = BUCKETS.map((bucket) => ({
    bucket,
    all: kept
      .filter((entry) => entry.bucket === bucket)
      .map((entry) => entry.task)
      .sort(byPriority),
  }));
  const pages = Math.max(1, ...grouped.map((g) => Math.ceil(g.all.length / PAGE_SIZE)));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);
  return {
    buckets: grouped.map(({ bucket, all }) => ({
      bucket,
      count: all.length,
      tasks: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    })),
    page,
    pages,
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
  const page = Number(text(query.page));
  return {
    ...(Number.isInteger(page) && page >= 1 ? { page } : {}),
    ...(currency ? { currency } : {}),
    ...(step ? { step } : {}),
    ...(bucket && (BUCKETS as readonly string[]).includes(bucket) ? { bucket: bucket as Bucket } : {}),
  };
}
