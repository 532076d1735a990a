import { type FastifyPluginAsyncZod, HttpProblem, problemResponse } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import type { CommandContext } from '../commands/command-context.ts';
import { blocksHoldingInvoices } from '../db/blocks.queries.ts';
import { findCase, findCases } from '../db/cases.queries.ts';
import { listStepsOfCase, listStepsOfCases } from '../db/steps.queries.ts';
import { listTimeline, listTimelines } from '../db/timeline.queries.ts';
import { DunningView, toDunningView } from './dunning-view.ts';

export const dunningRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; context: CommandContext }> = async (
  app,
  { pool, context },
) => {
  app.get(
    '/v1/invoices/:invoiceId/dunning',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['dunning'],
        operationId: 'getInvoiceDunning',
        summary: "An invoice's dunning case, its steps and the audit timeline of every decision",
        params: z.object({ invoiceId: z.string().min(1).max(100) }),
        response: { 200: DunningView, 404: problemResponse('The invoice has no dunning case') },
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
      const [steps, timeline, held] = await Promise.all([
        listStepsOfCase(pool, found.invoice_id),
        listTimeline(pool, found.invoice_id),
        blocksHoldingInvoices(
          pool,
          [{ invoiceId: found.invoice_id, customerId: found.customer_id }],
          context.now(),
        ),
      ]);
      return toDunningView(found, steps, timeline, held.get(found.invoice_id) ?? []);
    },
  );

  app.get(
    '/v1/dunning-cases',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['dunning'],
        operationId: 'listInvoicesDunning',
        summary:
          'Several invoices’ dunning cases at once, each as GET /v1/invoices/{invoiceId}/dunning shows it (a page of open items in one call)',
        querystring: z.strictObject({
          invoiceId: z
            .union([z.string().min(1).max(100), z.array(z.string().min(1).max(100)).min(1).max(100)])
            .transform((ids) => (Array.isArray(ids) ? ids : [ids]))
            .meta({ description: 'Repeated, 1 to 100 invoice ids' }),
        }),
        response: {
          200: z.object({
            items: z.array(DunningView).meta({
              description: 'In the order asked; invoices without a dunning case are left out',
            }),
          }),
        },
      },
    },
    async (request) => {
      const invoiceIds = [...new Set(request.query.invoiceId)];
      const cases = await findCases(pool, invoiceIds);
      const ids = cases.map((c) => c.invoice_id);
      const [steps, timelines, held] = await Promise.all([
        listStepsOfCases(pool, ids),
        listTimelines(pool, ids),
        blocksHoldingInvoices(
          pool,
          cases.map((c) => ({ invoiceId: c.invoice_id, customerId: c.customer_id })),
          context.now(),
        ),
      ]);
      const stepsOf = Map.groupBy(steps, (s) => s.invoice_id);
      const timelineOf = Map.groupBy(timelines, (t) => t.invoice_id);
      const byId = new Map(cases.map((c) => [c.invoice_id, c]));
      return {
        items: invoiceIds.flatMap((id) => {
          const found = byId.get(id);
          if (!found) return [];
          return [toDunningView(found, stepsOf.get(id) ?? [], timelineOf.get(id) ?? [], held.get(id) ?? [])];
        }),
      };
    },
  );
};
