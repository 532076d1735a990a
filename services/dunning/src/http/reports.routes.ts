import { formatMinorUnits } from '@dunning/contracts';
import type { FastifyPluginAsyncZod } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';

const Bucket = z.object({
  cases: z.number(),
  recovered: z.array(z.object({ currency: z.string(), amount: z.string() })),
});

const EffectivenessRow = z.object({
  policyId: z.string(),
  step: z.string(),
  action: z.string(),
  invoicesDunned: z.number(),
  paidWithin7Days: Bucket,
  paidWithin14Days: Bucket,
  paidWithin30Days: Bucket,
});

// Sums come as text: a sum of amounts that each fit a bigint need not.
interface Row {
  policy_id: string;
  step_name: string;
  action: string;
  currency: string;
  dunned: number;
  paid7: number;
  paid14: number;
  paid30: number;
  amount7: string;
  amount14: string;
  amount30: string;
}

/**
 * Per policy step and action (channel or task): of the invoices it was about, how many were paid within
 * 7/14/30 days (of DAY_MS) after it, and the invoice amounts thereby recovered.
 */
export const reportsRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; dayMs: number }> = async (
  app,
  { pool, dayMs },
) => {
  app.get(
    '/v1/reports/effectiveness',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'getEffectivenessReport',
        summary: 'Which dunning steps and channels get invoices paid',
        response: { 200: z.object({ dayMs: z.number(), rows: z.array(EffectivenessRow) }) },
      },
    },
    async () => {
      const result = await pool.query<Row>({
        text: `WITH dunned AS (
                 SELECT a.policy_id, a.step_name, a.action, a.requested_at, c.currency, c.amount_minor,
                   CASE WHEN c.close_reason IN ('paid', 'credited') THEN c.closed_at END AS paid_at
                 FROM step_actions a JOIN dunning_cases c ON c.invoice_id = ANY(a.invoice_ids))
               SELECT policy_id, step_name, action, currency, count(*)::int AS dunned,
                 count(*) FILTER (WHERE paid_at <= requested_at + $1 * interval '1 millisecond')::int AS paid7,
                 count(*) FILTER (WHERE paid_at <= requested_at + $2 * interval '1 millisecond')::int AS paid14,
                 count(*) FILTER (WHERE paid_at <= requested_at + $3 * interval '1 millisecond')::int AS paid30,
                 COALESCE(sum(amount_minor) FILTER (WHERE paid_at <= requested_at + $1 * interval '1 millisecond'), 0)::text AS amount7,
                 COALESCE(sum(amount_minor) FILTER (WHERE paid_at <= requested_at + $2 * interval '1 millisecond'), 0)::text AS amount14,
                 COALESCE(sum(amount_minor) FILTER (WHERE paid_at <= requested_at + $3 * interval '1 millisecond'), 0)::text AS amount30
               FROM dunned GROUP BY policy_id, step_name, action, currency ORDER BY policy_id, step_name, action, currency`,
        values: [7 * dayMs, 14 * dayMs, 30 * dayMs],
      });
      const rows = new Map<string, z.infer<typeof EffectivenessRow>>();
      for (const r of result.rows) {
        const key = `${r.policy_id}|${r.step_name}|${r.action}`;
        let row = rows.get(key);
        if (!row) {
          const empty = () => ({ cases: 0, recovered: [] as { currency: string; amount: string }[] });
          row = {
            policyId: r.policy_id,
            step: r.step_name,
            action: r.action,
            invoicesDunned: 0,
            paidWithin7Days: empty(),
            paidWithin14Days: empty(),
            paidWithin30Days: empty(),
          };
          rows.set(key, row);
        }
        row.invoicesDunned += r.dunned;
        for (const [bucket, cases, amount] of [
          [row.paidWithin7Days, r.paid7, BigInt(r.amount7)],
          [row.paidWithin14Days, r.paid14, BigInt(r.amount14)],
          [row.paidWithin30Days, r.paid30, BigInt(r.amount30)],
        ] as const) {
          bucket.cases += cases;
          if (amount > 0n)
            bucket.recovered.push({ currency: r.currency, amount: formatMinorUnits(amount, r.currency) });
        }
      }
      return { dayMs, rows: [...rows.values()] };
    },
  );
};
