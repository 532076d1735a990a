import { EntityId, Reason } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import { actorOf, type FastifyPluginAsyncZod, HttpProblem, problemResponse } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { waiveCharge } from '../commands/book-charge.ts';
import type { CommandContext } from '../commands/command-context.ts';
import { findCharge } from '../db/charges.queries.ts';
import { ChargeView, toChargeView } from './charge-view.ts';

export interface ChargesRoutesOptions {
  pool: pg.Pool;
  context: CommandContext;
}

export const WaiveChargeBody = z.strictObject({ reason: Reason });

const unknownCharge = (chargeId: string) =>
  new HttpProblem({ status: 404, detail: `charge ${chargeId} is not in the ledger` });

export const chargesRoutes: FastifyPluginAsyncZod<ChargesRoutesOptions> = async (app, { pool, context }) => {
  app.get(
    '/v1/charges/:chargeId',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['charges'],
        operationId: 'getCharge',
        summary: 'A dunning charge (fee or interest) as booked, open or waived',
        params: z.object({ chargeId: EntityId }),
        response: { 200: ChargeView, 404: problemResponse('The charge is not in the ledger') },
      },
    },
    async (request) => {
      const row = await findCharge(pool, request.params.chargeId);
      if (!row) throw unknownCharge(request.params.chargeId);
      return toChargeView(row);
    },
  );

  app.post(
    '/v1/charges/:chargeId/waive',
    {
      // A collector waives a fee or interest as part of working a case (a goodwill gesture, an error).
      config: { access: 'collector' },
      schema: {
        tags: ['charges'],
        operationId: 'waiveCharge',
        summary: 'Waive a dunning charge: the ledger books its reversal and it is no longer owed',
        description:
          'Publishes ledger.charge.waived. 201 when waived now; 200 with the charge as it stands when it was ' +
          'waived before (the first reason stays); 404 when the ledger has no such charge.',
        params: z.object({ chargeId: EntityId }),
        body: WaiveChargeBody,
        response: {
          200: ChargeView,
          201: ChargeView,
          404: problemResponse('The charge is not in the ledger'),
        },
      },
    },
    async (request, reply) => {
      const { chargeId } = request.params;
      const outcome = await withTransaction(pool, (tx) =>
        waiveCharge(tx, context, chargeId, request.body.reason, actorOf(request) ?? null),
      );
      if (outcome.status === 'missing') throw unknownCharge(chargeId);
      return reply.code(outcome.status === 'waived' ? 201 : 200).send(toChargeView(outcome.charge));
    },
  );
};
