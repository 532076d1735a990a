import type pg from 'pg';

export type TimelineKind =
  | 'opened'
  | 'planned'
  | 're-planned'
  | 'run'
  | 'skipped'
  | 'postponed'
  | 'cancelled'
  | 'paused'
  | 'resumed'
  | 'balance-changed'
  | 'closed'
  | 'promise-recorded'
  | 'promise-kept'
  | 'promise-broken'
  | 'task-closed'
  | 'notification-failed'
  | 'policy-assigned'
  | 'policy-unassigned'
  | 'legal-handed-over'
  | 'legal-withdrawn'
  | 'legal-task-raised'
  | 'charge-levied'
  | 'block-placed'
  | 'block-changed'
  | 'block-lifted'
  | 'held';

export interface TimelineEntry {
  invoiceId: string;
  at: Date;
  kind: TimelineKind;
  stepId?: string | null;
  detail?: Record<string, unknown>;
}

export async function addTimeline(tx: pg.PoolClient, entries: TimelineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query({
    text: `INSERT INTO case_timeline (invoice_id, at, kind, step_id, detail)
           SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::jsonb[])`,
    values: [
      entries.map((e) => e.invoiceId),
      entries.map((e) => e.at),
      entries.map((e) => e.kind),
      entries.map((e) => e.stepId ?? null),
      entries.map((e) => JSON.stringify(e.detail ?? {})),
    ],
  });
}

export interface TimelineRow {
  at: Date;
  kind: TimelineKind;
  step_id: string | null;
  detail: Record<string, unknown>;
}

/** The timelines of these cases, each in the order it was written, with the invoice of each row. */
export async function listTimelines(
  db: pg.Pool,
  invoiceIds: readonly string[],
): Promise<(TimelineRow & { invoice_id: string })[]> {
  const result = await db.query<TimelineRow & { invoice_id: string }>({
    text: `SELECT invoice_id, at, kind, step_id, detail FROM case_timeline WHERE invoice_id = ANY($1::text[])
           ORDER BY invoice_id, id`,
    values: [invoiceIds],
  });
  return result.rows;
}
