import { formatMinorUnits } from '@dunning/contracts';
import type { FastifyPluginAsyncZod } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { casesByLevel, effectivenessRows } from '../db/reports.queries.ts';

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
      const result = await effectivenessRows(pool);
      const rows = new Map<string, z.infer<typeof EffectivenessRow>>();
      for (const r of result) {
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

  app.get(
    '/v1/reports/cases-by-level',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'getCasesByLevel',
        summary: 'Open cases counted by the highest dunning level of notice they got',
        response: {
          200: z.object({
            levels: z.array(
              z.object({
                level: z
                  .number()
                  .int()
                  .nullable()
                  .meta({ description: 'Highest notice level reached (0–4); null: no notice yet' }),
                cases: z.number().int().meta({ description: 'Open (not closed) cases at that level' }),
                inLegal: z.number().int().meta({ description: 'Of those, cases handed to legal' }),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      levels: (await casesByLevel(pool)).map((r) => ({
        level: r.level,
        cases: r.cases,
        inLegal: r.in_legal,
      })),
    }),
  );
};
