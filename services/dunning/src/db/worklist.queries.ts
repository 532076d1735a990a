import type pg from 'pg';
import { TASK_COLUMNS, type TaskRow } from './tasks.queries.ts';

export const WORKLIST_BUCKETS = ['act-now', 'promised', 'disputed', 'at-risk'] as const;
export type WorklistBucket = (typeof WORKLIST_BUCKETS)[number];

export interface WorklistFilter {
  bucket?: WorklistBucket | undefined;
  currency?: string | undefined;
  step?: string | undefined;
  /** 1-based; each bucket shows this page of its tasks. */
  page: number;
  pageSize: number;
}

export interface WorklistPage {
  buckets: { bucket: WorklistBucket; count: number; tasks: TaskRow[] }[];
  /** What the filters can choose from: of every listed task, not only the filtered ones. */
  currencies: string[];
  steps: string[];
}

/**
 * Where a task belongs: promised and disputed by how it ended (an outcome recorded on it, or closed
 * because another task's outcome covered it); open work that was re-queued past its claim SLA or is an
 * escalation is at risk; other open work is to act on now. Tasks that ended otherwise (settled, no
 * answer, wrong contact, paid) are off the list (NULL).
 */
const BUCKET_SQL = `CASE
    WHEN status IN ('open', 'claimed') THEN
      CASE WHEN kind = 'escalation' OR escalations > 0 THEN 'at-risk' ELSE 'act-now' END
    WHEN close_reason = 'promised' OR outcome->>'outcome' = 'promise-to-pay' THEN 'promised'
    WHEN close_reason = 'disputed' OR outcome->>'outcome' = 'dispute' THEN 'disputed'
  END`;

/**
 * A collector's worklist: per bucket its count and one page of tasks, most urgent first, in a few
 * statements over the collector's tasks (collector_tasks_queue_idx), however long their history.
 */
export async function collectorWorklist(
  db: pg.Pool,
  collectorId: string,
  filter: WorklistFilter,
): Promise<WorklistPage> {
  const listed = `SELECT *, ${BUCKET_SQL} AS bucket FROM collector_tasks
                  WHERE collector_id = $1 AND queue = 'collections'`;
  const kept = `SELECT * FROM (${listed}) l
                WHERE bucket IS NOT NULL AND ($2::text IS NULL OR bucket = $2)
                  AND ($3::text IS NULL OR currency = $3) AND ($4::text IS NULL OR step_name = $4)`;
  const filterValues = [collectorId, filter.bucket ?? null, filter.currency ?? null, filter.step ?? null];
  const [counts, page, choices] = await Promise.all([
    db.query<{ bucket: WorklistBucket; count: number }>({
      text: `SELECT bucket, count(*)::int AS count FROM (${kept}) k GROUP BY bucket`,
      values: filterValues,
    }),
    db.query<TaskRow & { bucket: WorklistBucket }>({
      text: `SELECT ${TASK_COLUMNS}, bucket FROM (
               SELECT *, row_number() OVER (PARTITION BY bucket ORDER BY priority DESC, created_at, task_id) AS rank
               FROM (${kept}) k
             ) r
             WHERE rank > $5 AND rank <= $6
             ORDER BY bucket, rank`,
      values: [...filterValues, (filter.page - 1) * filter.pageSize, filter.page * filter.pageSize],
    }),
    db.query<{ currencies: string[]; steps: string[] }>({
      text: `SELECT coalesce(array_agg(DISTINCT currency::text ORDER BY currency::text), '{}') AS currencies,
                    coalesce(array_agg(DISTINCT step_name ORDER BY step_name), '{}') AS steps
             FROM (${listed}) l WHERE bucket IS NOT NULL`,
      values: [collectorId],
    }),
  ]);
  const countOf = new Map(counts.rows.map((row) => [row.bucket, row.count]));
  return {
    buckets: WORKLIST_BUCKETS.map((bucket) => ({
      bucket,
      count: countOf.get(bucket) ?? 0,
      tasks: page.rows.filter((row) => row.bucket === bucket),
    })),
    currencies: choices.rows[0]?.currencies ?? [],
    steps: choices.rows[0]?.steps ?? [],
  };
}
