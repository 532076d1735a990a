import { InvoiceIssuedData } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import { type FastifyPluginAsyncZod, HttpProblem } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import type { CommandContext } from '../commands/command-context.ts';
import { issueInvoice } from '../commands/issue-invoice.ts';
import { findInvoice, listEntries } from '../db/invoices.queries.ts';
import { InvoiceView, toInvoiceView } from './invoice-view.ts';

export interface InvoicesRoutesOptions {
  pool: pg.Pool;
  context: CommandContext;
  now: () => Date;
}

export const invoicesRoutes: FastifyPluginAsyncZod<InvoicesRoutesOptions> = async (
  app,
  { pool, context, now },
) => {
  async function view(invoiceId: string) {
    const invoice = await findInvoice(pool, invoiceId);
    if (!invoice) throw new HttpProblem({ status: 404, detail: `invoice ${invoiceId} is not in the ledger` });
    return toInvoiceView(invoice, await listEntries(pool, invoiceId), now());
  }

  app.post(
    '/v1/invoices',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Enter an invoice issued by the ERP',
        description:
          'Idempotent on invoiceId: the same body again answers 200 with the stored invoice; a different body is a 409.',
        body: InvoiceIssuedData,
        response: { 200: InvoiceView, 201: InvoiceView },
      },
    },
    async (request, reply) => {
      const outcome = await withTransaction(pool, (tx) => issueInvoice(tx, context, request.body));
      if (outcome.status === 'conflict') {
        throw new HttpProblem({
          status: 409,
          title: 'Invoice already exists with other details',
          detail: `invoice ${request.body.invoiceId} was entered with a different body; the first one stands`,
          extensions: { stored: outcome.stored, received: request.body },
        });
      }
      return reply.code(outcome.status === 'created' ? 201 : 200).send(await view(request.body.invoiceId));
    },
  );

  app.get(
    '/v1/invoices/:invoiceId',
    {
      schema: {
        tags: ['invoices'],
        summary: 'An invoice: state, balance and timeline',
        params: z.object({ invoiceId: z.string().min(1).max(100) }),
        response: { 200: InvoiceView },
      },
    },
    async (request) => view(request.params.invoiceId),
  );
};
