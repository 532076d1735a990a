import { formatMinorUnits } from '@dunning/contracts';
import { type FastifyPluginAsyncZod, HttpProblem } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { findCase } from '../db/cases.queries.ts';

const DunningView = z.object({
  invoiceId: z.string(),
  customerId: z.string(),
  currency: z.string(),
  balance: z.string(),
  dueDate: z.string(),
  status: z.enum(['active', 'paused', 'closed']),
  openedAt: z.string(),
  steps: z.array(
    z.object({
      name: z.string(),
      offsetDays: z.number(),
      dueAt: z.string(),
      status: z.enum(['scheduled', 'done', 'cancelled', 'skipped']),
      executedAt: z.string().nullable(),
    }),
  ),
});

export const dunningRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, { pool }) => {
  app.get(
    '/v1/invoices/:invoiceId/dunning',
    {
      schema: {
        tags: ['dunning'],
        summary: "An invoice's dunning case and its steps",
        params: z.object({ invoiceId: z.string().min(1).max(100) }),
        response: { 200: DunningView },
      },
    },
    async (request) => {
      const found = await findCase(pool, request.params.invoiceId);
      if (!found) {
        throw new HttpProblem({
          status: 404,
          detail: `no dunning case for invoice ${request.params.invoiceId}`,
        });
      }
      return {
        invoiceId: found.invoice_id,
        customerId: found.customer_id,
        currency: found.currency,
        balance: formatMinorUnits(found.balance_minor, found.currency),
        dueDate: found.due_date,
        status: found.status,
        openedAt: found.opened_at.toISOString(),
        // Steps are planned by the escalation policies (not yet part of the service).
        steps: [],
      };
    },
  );
};
