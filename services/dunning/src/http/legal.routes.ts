import { EntityId, Reason } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import { actorOf, assertActsAs, type FastifyPluginAsyncZod, problemResponse } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import type { CommandContext } from '../commands/command-context.ts';
import { handOverToLegal, withdrawFromLegal } from '../commands/legal.ts';
import { findCase } from '../db/cases.queries.ts';
import { legalTasks } from '../db/legal.queries.ts';
import { TaskView, toTaskView } from './task-view.ts';

const LegalView = z.object({
  invoiceId: z.string(),
  customerId: z.string(),
  legal: z
    .object({ since: z.string(), reason: z.string() })
    .nullable()
    .meta({ description: 'Since when and why the case is in legal (null: it is not)' }),
  changed: z.boolean().meta({ description: 'false: it already was so (a repeat changes nothing)' }),
});

const params = z.object({ invoiceId: EntityId });
const body = z.strictObject({ reason: Reason });

async function legalView(tx: pg.PoolClient, invoiceId: string, changed: boolean) {
  const c = (await findCase(tx, invoiceId))!;
  return {
    invoiceId,
    customerId: c.customer_id,
    legal:
      c.legal_since && c.legal_reason !== null
        ? { since: c.legal_since.toISOString(), reason: c.legal_reason }
        : null,
    changed,
  };
}

export const legalRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; context: CommandContext }> = async (
  app,
  { pool, context },
) => {
  app.post(
    '/v1/invoices/:invoiceId/legal',
    {
      config: { access: 'collector' },
      schema: {
        tags: ['legal'],
        operationId: 'handOverToLegal',
        summary:
          'Hands the case to legal: no more notices, its collector tasks go to the legal queue, postings on the customer raise legal tasks',
        params,
        body,
        response: {
          200: LegalView,
          404: problemResponse('The invoice has no dunning case'),
          409: problemResponse('The case is closed'),
        },
      },
    },
    async (request) =>
      withTransaction(pool, async (tx) => {
        const changed = await handOverToLegal(tx, context, request.params.invoiceId, {
          reason: request.body.reason,
          by: actorOf(request) ?? 'unknown',
        });
        return legalView(tx, request.params.invoiceId, changed);
      }),
  );

  app.delete(
    '/v1/invoices/:invoiceId/legal',
    {
      config: { access: 'collector' },
      schema: {
        tags: ['legal'],
        operationId: 'withdrawFromLegal',
        summary:
          'Takes the case back from legal: dunning continues one level at a time, its legal tasks close',
        params,
        body,
        response: {
          200: LegalView,
          404: problemResponse('The invoice has no dunning case'),
          409: problemResponse('The case is closed'),
        },
      },
    },
    async (request) =>
      withTransaction(pool, async (tx) => {
        const changed = await withdrawFromLegal(tx, context, request.params.invoiceId, {
          reason: request.body.reason,
          by: actorOf(request) ?? 'unknown',
        });
        return legalView(tx, request.params.invoiceId, changed);
      }),
  );

  app.get(
    '/v1/legal/tasks',
    {
      config: { access: 'collector' },
      schema: {
        tags: ['legal'],
        operationId: 'listLegalTasks',
        summary:
          'The legal queue, oldest first, a page at a time: tasks of cases handed to legal and one per posting on their customers',
        querystring: z.strictObject({
          customerId: EntityId.optional(),
          collectorId: EntityId.optional().meta({
            description:
              "Only that collector's customers: their portfolio, or a task they had on the customer",
          }),
          includeDone: z.enum(['true', 'false']).default('false'),
          limit: z.coerce.number().int().min(1).max(500).default(500),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: {
          200: z.object({
            items: z.array(TaskView),
            total: z.number().meta({ description: 'Tasks matching the filter, on every page' }),
          }),
        },
      },
    },
    async (request) => {
      const { customerId, collectorId, includeDone, limit, offset } = request.query;
      if (collectorId) assertActsAs(request, collectorId);
      const { rows, total } = await legalTasks(pool, {
        includeDone: includeDone === 'true',
        customerId,
        collectorId,
        limit,
        offset,
      });
      return { items: rows.map(toTaskView), total };
    },
  );
};
