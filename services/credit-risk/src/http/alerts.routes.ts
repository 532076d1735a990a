import { AlertKind, EntityId, Instant, RaiseAlertBody, ResolveAlertBody } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import { type FastifyPluginAsyncZod, HttpProblem, problemResponse } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { raiseAlert, resolveAlert } from '../commands/alerts.ts';
import type { CommandContext } from '../commands/command-context.ts';
import type { StoredAlert } from '../db/alerts.queries.ts';
import { CustomerParams } from './risk-schemas.ts';

export const AlertView = z.object({
  alertId: z.string(),
  customerId: z.string(),
  kind: AlertKind,
  note: z.string().nullable(),
  raisedAt: Instant,
  open: z.boolean().meta({ description: 'While open, the customer is red and on credit hold' }),
  resolvedAt: Instant.nullable(),
  resolutionNote: z.string().nullable(),
});

const toView = (alert: StoredAlert) => ({
  alertId: alert.alertId,
  customerId: alert.customerId,
  kind: alert.kind,
  note: alert.note,
  raisedAt: alert.raisedAt.toISOString(),
  open: alert.resolvedAt === null,
  resolvedAt: alert.resolvedAt?.toISOString() ?? null,
  resolutionNote: alert.resolutionNote,
});

export interface AlertRoutesOptions {
  pool: pg.Pool;
  context: CommandContext;
}

/** Business alerts over HTTP: the same commands as `erp.customer.alert` / `erp.customer.alert-resolved`. */
export const alertRoutes: FastifyPluginAsyncZod<AlertRoutesOptions> = async (app, { pool, context }) => {
  app.post(
    '/v1/customers/:customerId/alerts',
    {
      config: { access: 'erp:write' },
      schema: {
        tags: ['alerts'],
        operationId: 'raiseCustomerAlert',
        summary:
          'Raises a business alert (litigation, equity change...): the customer turns red and its credit is held until resolved',
        params: CustomerParams,
        body: RaiseAlertBody,
        response: {
          200: AlertView.meta({ description: 'The same alertId with the same body was raised before' }),
          201: AlertView,
          409: problemResponse('The alertId exists with another customer, kind or note'),
        },
      },
    },
    async (request, reply) => {
      const { customerId } = request.params;
      const { alertId, kind, note } = request.body;
      const outcome = await withTransaction(pool, (tx) =>
        raiseAlert(tx, context, { alertId, customerId, kind, note: note ?? null, raisedAt: context.now() }),
      );
      if (outcome.status === 'conflict') {
        throw new HttpProblem({
          status: 409,
          detail: `alert ${alertId} exists with another customer, kind or note`,
          extensions: { stored: toView(outcome.alert) },
        });
      }
      return reply.status(outcome.status === 'created' ? 201 : 200).send(toView(outcome.alert));
    },
  );

  app.post(
    '/v1/alerts/:alertId/resolve',
    {
      config: { access: 'erp:write' },
      schema: {
        tags: ['alerts'],
        operationId: 'resolveCustomerAlert',
        summary: 'Resolves a business alert; the hold lifts when nothing else holds the customer',
        params: z.object({ alertId: EntityId }),
        body: ResolveAlertBody,
        response: {
          200: AlertView.meta({
            description: 'The alert, resolved (now or before: the first resolution is kept)',
          }),
          404: problemResponse('No alert has this id'),
        },
      },
    },
    async (request) => {
      const { alertId } = request.params;
      const outcome = await withTransaction(pool, (tx) =>
        resolveAlert(tx, context, { alertId, note: request.body.note ?? null, resolvedAt: context.now() }),
      );
      if (outcome.status === 'not-found') {
        throw new HttpProblem({ status: 404, detail: `alert ${alertId} was never raised` });
      }
      return toView(outcome.alert);
    },
  );
};
