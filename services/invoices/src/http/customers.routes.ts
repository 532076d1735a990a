import { CustomerUpsertBody, CustomerUpsertedData, EntityId } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import { type FastifyPluginAsyncZod, HttpProblem, problemResponse } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import type { CommandContext } from '../commands/command-context.ts';
import { upsertCustomer } from '../commands/upsert-customer.ts';
import { findCustomer } from '../db/customers.queries.ts';
import { listCustomerInvoices } from '../db/invoices.queries.ts';
import { INVOICE_STATUSES } from '../domain/invoice-status.ts';
import { idempotencyKeyConflict } from './command-reply.ts';
import { customerStatement, Statement } from './customer-statement.ts';
import { InvoiceSummary, toInvoiceSummary } from './invoice-view.ts';

export interface CustomersRoutesOptions {
  pool: pg.Pool;
  context: CommandContext;
  now: () => Date;
}

const InvoiceStatusFilter = z.enum(INVOICE_STATUSES);

export const customersRoutes: FastifyPluginAsyncZod<CustomersRoutesOptions> = async (
  app,
  { pool, context, now },
) => {
  app.put(
    '/v1/customers/:customerId',
    {
      config: { access: 'erp:write' },
      schema: {
        tags: ['customers'],
        operationId: 'upsertCustomer',
        summary: 'Create or replace a customer',
        params: z.object({ customerId: EntityId }),
        body: CustomerUpsertBody,
        response: {
          200: z.object({ customerId: z.string(), status: z.enum(['updated', 'unchanged']) }),
          409: idempotencyKeyConflict,
        },
      },
    },
    async (request) => {
      const data = { customerId: request.params.customerId, ...request.body };
      const outcome = await withTransaction(pool, (tx) => upsertCustomer(tx, context, data));
      return { customerId: data.customerId, status: outcome.status };
    },
  );

  // The profile as the ERP last sent it: the console names the customer and finds its collector here.
  app.get(
    '/v1/customers/:customerId',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['customers'],
        operationId: 'getCustomer',
        summary: "A customer's profile as last upserted (name, contacts, locale, time zone, collector)",
        params: z.object({ customerId: EntityId }),
        response: { 200: CustomerUpsertedData, 404: problemResponse('No such customer') },
      },
    },
    async (request) => {
      const profile = await findCustomer(pool, request.params.customerId);
      if (profile === undefined) throw new HttpProblem({ status: 404, detail: 'no such customer' });
      return { ...(profile as CustomerUpsertBody), customerId: request.params.customerId };
    },
  );

  app.get(
    '/v1/customers/:customerId/invoices',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['customers'],
        operationId: 'listCustomerInvoices',
        summary: "A customer's invoices with their balances, oldest due date first",
        params: z.object({ customerId: EntityId }),
        querystring: z.strictObject({
          status: InvoiceStatusFilter.optional().meta({ description: 'Only invoices in this status' }),
        }),
        response: { 200: z.object({ customerId: z.string(), invoices: z.array(InvoiceSummary) }) },
      },
    },
    async (request) => {
      const at = now();
      const invoices = (await listCustomerInvoices(pool, request.params.customerId))
        .map((row) => toInvoiceSummary(row, at, context.dayMs))
        .filter((invoice) => request.query.status === undefined || invoice.status === request.query.status);
      return { customerId: request.params.customerId, invoices };
    },
  );

  app.get(
    '/v1/customers/:customerId/statement',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['customers'],
        operationId: 'getCustomerStatement',
        summary: 'Customer statement: open items, unused credit and totals per currency',
        params: z.object({ customerId: EntityId }),
        response: { 200: Statement },
      },
    },
    async (request) => customerStatement(pool, request.params.customerId, now(), context.dayMs),
  );
};
