import { EntityId, OpenDisputeBody, ResolveDisputeBody } from '@dunning/contracts';
import type { FastifyPluginAsyncZod } from '@dunning/service-runtime';
import { z } from 'zod';
import { openDispute, resolveDispute } from '../commands/disputes.ts';
import { commandDescription, commandResponses, notApplicable, replyWithCommand } from './command-reply.ts';
import type { MoneyRoutesOptions } from './payments.routes.ts';

export const disputesRoutes: FastifyPluginAsyncZod<MoneyRoutesOptions> = async (app, { pool, context }) => {
  app.post(
    '/v1/invoices/:invoiceId/disputes',
    {
      config: { access: 'erp:write' },
      schema: {
        tags: ['disputes'],
        operationId: 'openDispute',
        summary: 'Open a dispute on an invoice (freezes its dunning)',
        description: `Only while a balance is open (409 otherwise). The amount is read in the invoice's currency (422 if its decimals do not fit). The answer carries disputeId. ${commandDescription}`,
        params: z.object({ invoiceId: EntityId }),
        body: OpenDisputeBody,
        response: { ...commandResponses, 422: notApplicable },
      },
    },
    async (request, reply) =>
      replyWithCommand(
        pool,
        context,
        openDispute({ invoiceId: request.params.invoiceId, ...request.body }),
        reply,
      ),
  );

  app.post(
    '/v1/disputes/:disputeId/resolve',
    {
      config: { access: 'erp:write' },
      schema: {
        tags: ['disputes'],
        operationId: 'resolveDispute',
        summary: 'Resolve a dispute: upheld, adjusted or rejected',
        description: `upheld: the given amount, else the disputed amount, else the whole balance is adjusted off; adjusted: the given amount (required) is adjusted off; rejected: nothing changes and dunning resumes. Never more than the open balance. ${commandDescription}`,
        params: z.object({ disputeId: EntityId }),
        body: ResolveDisputeBody,
        response: { ...commandResponses, 422: notApplicable },
      },
    },
    async (request, reply) =>
      replyWithCommand(
        pool,
        context,
        resolveDispute({ disputeId: request.params.disputeId, ...request.body }),
        reply,
      ),
  );
};
