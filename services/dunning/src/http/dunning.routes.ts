import { type FastifyPluginAsyncZod, HttpProblem, problemResponse } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import type { CommandContext } from '../commands/command-context.ts';
import { DunningView, loadDunningViews } from './dunning-view.ts';

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
      const [view] = await loadDunningViews(pool, [request.params.invoiceId], context.now());
      if (!view)
        throw new HttpProblem({
          status: 404,
          detail: `no dunning case for invoice ${request.params.invoiceId}`,
        });
      return view;
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
      return {
        items: await loadDunningViews(pool, [...new Set(request.query.invoiceId)], context.now()),
      };
    },
  );
};
