import { CancelInvoiceBody, EntityId, InvoiceIssuedData, Reason } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import { type FastifyPluginAsyncZod, HttpProblem, problemResponse } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { cancelInvoice, writeOffInvoice } from '../commands/close-invoice.ts';
import type { CommandContext } from '../commands/command-context.ts';
import { issueInvoice } from '../commands/issue-invoice.ts';
import { listInvoiceCharges } from '../db/charges.queries.ts';
import { listDisputes } from '../db/disputes.queries.ts';
import { findInvoice, listEntries } from '../db/invoices.queries.ts';
import { commandDescription, commandResponses, replyWithCommand } from './command-reply.ts';
import { InvoiceView, toInvoiceView } from './invoice-view.ts';

export interface InvoicesRoutesOptions {
  pool: pg.Pool;
  context: CommandContext;
  now: () => Date;
}

/** Body of POST /v1/invoices/:invoiceId/write-off (a ledger command, not an ERP event). */
export const WriteOffBody = z.strictObject({
  reason: Reason.optional(),
  writeOffId: EntityId.optional().meta({
    description: 'Business id of the write-off, for idempotency; defaults to the invoice id',
  }),
});

export const invoicesRoutes: FastifyPluginAsyncZod<InvoicesRoutesOptions> = async (
  app,
  { pool, context, now },
) => {
  async function view(invoiceId: string) {
    const invoice = await findInvoice(pool, invoiceId);
    if (!invoice) throw new HttpProblem({ status: 404, detail: `invoice ${invoiceId} is not in the ledger` });
    const [entries, disputes, charges] = await Promise.all([
      listEntries(pool, invoiceId),
      listDisputes(pool, invoiceId),
      listInvoiceCharges(pool, invoiceId),
    ]);
    return toInvoiceView(invoice, entries, disputes, now(), context.dayMs, charges);
  }

  app.post(
    '/v1/invoices',
    {
      config: { access: 'erp:write' },
      schema: {
        tags: ['invoices'],
        operationId: 'createInvoice',
        summary: 'Enter an invoice issued by the ERP',
        description:
          'Idempotent on invoiceId: the same body again answers 200 with the stored invoice; a different body is a 409. ' +
          "The customer's unused credit in the invoice's currency is applied at once, then any payment, credit note, " +
          'dispute or cancellation that arrived before the invoice, in order of arrival.',
        body: InvoiceIssuedData,
        response: {
          200: InvoiceView,
          201: InvoiceView,
          409: problemResponse(
            'Entered before with a different body, or under an Idempotency-Key used for another request ' +
              '(`stored` and `received` show both)',
          ),
        },
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

  app.post(
    '/v1/invoices/:invoiceId/cancel',
    {
      config: { access: 'erp:write' },
      schema: {
        tags: ['invoices'],
        operationId: 'cancelInvoice',
        summary: 'Cancel an invoice: its remaining balance is no longer owed',
        description: `Money already applied stays applied. ${commandDescription}`,
        params: z.object({ invoiceId: EntityId }),
        body: CancelInvoiceBody.optional(),
        response: commandResponses,
      },
    },
    async (request, reply) =>
      replyWithCommand(
        pool,
        context,
        cancelInvoice({ invoiceId: request.params.invoiceId, ...(request.body ?? {}) }),
        reply,
      ),
  );

  app.post(
    '/v1/invoices/:invoiceId/write-off',
    {
      schema: {
        tags: ['invoices'],
        operationId: 'writeOffInvoice',
        summary: 'Write off the remaining balance as bad debt (the 90+ review)',
        description: `409 when the invoice has no open balance. Idempotent on writeOffId (default: the invoice id). ${commandDescription}`,
        params: z.object({ invoiceId: EntityId }),
        body: WriteOffBody.optional(),
        response: commandResponses,
      },
    },
    async (request, reply) =>
      replyWithCommand(
        pool,
        context,
        writeOffInvoice({ invoiceId: request.params.invoiceId, ...(request.body ?? {}) }),
        reply,
      ),
  );

  app.get(
    '/v1/invoices/:invoiceId',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['invoices'],
        operationId: 'getInvoice',
        summary: 'An invoice: state, balance and timeline',
        params: z.object({ invoiceId: z.string().min(1).max(100) }),
        response: { 200: InvoiceView, 404: problemResponse('The invoice is not in the ledger') },
      },
    },
    async (request) => view(request.params.invoiceId),
  );
};
