import { EntityId } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import {
  type FastifyPluginAsyncZod,
  HttpProblem,
  problemResponse,
  problemTypeBase,
} from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import type { CommandContext } from '../commands/command-context.ts';
import { assignCustomerPolicy, customerPolicyView } from '../commands/customer-policy.ts';
import { findLatestPolicy } from '../db/policies.queries.ts';
import { PolicyId } from '../domain/policy.ts';

const CustomerPolicyView = z.object({
  customerId: z.string(),
  policyId: z.string().meta({ description: 'The policy in force for the customer' }),
  source: z.enum(['assigned', 'class']).meta({
    description: 'assigned: put on it by hand (wins over the class); class: the one the risk class selects',
  }),
  riskClass: z.enum(['A', 'B', 'C']),
  assignedAt: z.string().nullable(),
});

const params = z.object({ customerId: EntityId });

export const customerPolicyRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; context: CommandContext }> = async (
  app,
  { pool, context },
) => {
  app.get(
    '/v1/customers/:customerId/dunning-policy',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['policies'],
        operationId: 'getCustomerDunningPolicy',
        summary: "The customer's dunning policy: assigned by hand, or the one their risk class selects",
        params,
        response: { 200: CustomerPolicyView },
      },
    },
    async (request) => customerPolicyView(pool, request.params.customerId),
  );

  app.put(
    '/v1/customers/:customerId/dunning-policy',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['policies'],
        operationId: 'assignCustomerDunningPolicy',
        summary:
          'Puts the customer on a policy, overriding their risk class; open cases continue on it from the level reached',
        params,
        body: z.strictObject({ policyId: PolicyId }),
        response: {
          200: CustomerPolicyView,
          400: problemResponse('Invalid body, or no such policy (errors name body.policyId)'),
        },
      },
    },
    async (request) => {
      const { policyId } = request.body;
      return withTransaction(pool, async (tx) => {
        if (!(await findLatestPolicy(tx, policyId))) {
          throw new HttpProblem({
            status: 400,
            type: `${problemTypeBase}invalid-request`,
            title: 'Invalid request',
            detail: `no policy ${policyId}`,
            extensions: { errors: [{ path: 'body.policyId', message: `no policy ${policyId}` }] },
          });
        }
        return assignCustomerPolicy(tx, context, request.params.customerId, policyId);
      });
    },
  );

  app.delete(
    '/v1/customers/:customerId/dunning-policy',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['policies'],
        operationId: 'unassignCustomerDunningPolicy',
        summary:
          "Returns the customer to their risk class's policy (nothing assigned: no change); open cases continue on it",
        params,
        response: { 200: CustomerPolicyView },
      },
    },
    async (request) =>
      withTransaction(pool, (tx) => assignCustomerPolicy(tx, context, request.params.customerId, null)),
  );
};
