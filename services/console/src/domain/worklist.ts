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

/**
 * The query string of dunning's worklist endpoint for a filter: dunning buckets, counts, sorts and
 * pages the collector's tasks, so the page costs the same however long their history.
 */
export function worklistQuery(filter: WorklistFilter): string {
  const params = new URLSearchParams({ page: String(filter.page ?? 1), pageSize: String(PAGE_SIZE) });
  if (filter.bucket) params.set('bucket', filter.bucket);
  if (filter.currency) params.set('currency', filter.currency);
  if (filter.step) params.set('step', filter.step);
  return params.toString();
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
