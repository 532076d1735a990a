import { CustomerUpsertBody, EntityId } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import type { FastifyPluginAsyncZod } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import type { CommandContext } from '../commands/command-context.ts';
import { upsertCustomer } from '../commands/upsert-customer.ts';

export interface CustomersRoutesOptions {
  pool: pg.Pool;
  context: CommandContext;
}

export const customersRoutes: FastifyPluginAsyncZod<CustomersRoutesOptions> = async (
  app,
  { pool, context },
) => {
  app.put(
    '/v1/customers/:customerId',
    {
      schema: {
        tags: ['customers'],
        summary: 'Create or replace a customer',
        params: z.object({ customerId: EntityId }),
        body: CustomerUpsertBody,
        response: { 200: z.object({ customerId: z.string(), status: z.enum(['updated', 'unchanged']) }) },
      },
    },
    async (request) => {
      const data = { customerId: request.params.customerId, ...request.body };
      const outcome = await withTransaction(pool, (tx) => upsertCustomer(tx, context, data));
      return { customerId: data.customerId, status: outcome.status };
    },
  );
};
