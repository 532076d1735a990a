import { CreditNoteIssuedData, PaymentReceivedData } from '@dunning/contracts';
import type { FastifyPluginAsyncZod } from '@dunning/service-runtime';
import type pg from 'pg';
import type { CommandContext } from '../commands/command-context.ts';
import { issueCreditNote } from '../commands/issue-credit-note.ts';
import { recordPayment } from '../commands/record-payment.ts';
import { commandDescription, commandResponses, notApplicable, replyWithCommand } from './command-reply.ts';

export interface MoneyRoutesOptions {
  pool: pg.Pool;
  context: CommandContext;
}

/** Money in: payments and credit notes. */
export const paymentsRoutes: FastifyPluginAsyncZod<MoneyRoutesOptions> = async (app, { pool, context }) => {
  app.post(
    '/v1/payments',
    {
      config: { access: 'erp:write' },
      schema: {
        tags: ['payments'],
        operationId: 'recordPayment',
        summary: 'Record a payment, applied to an invoice or (unapplied) to the customer oldest due first',
        description: `With invoiceId it goes to that invoice (its currency must match: 422 otherwise); with customerId it is spread over the customer's open invoices in its currency, oldest due date first. What is left becomes customer credit, applied to the customer's next invoices in that currency. ${commandDescription}`,
        body: PaymentReceivedData,
        response: { ...commandResponses, 422: notApplicable },
      },
    },
    async (request, reply) => replyWithCommand(pool, context, recordPayment(request.body), reply),
  );

  app.post(
    '/v1/credit-notes',
    {
      config: { access: 'erp:write' },
      schema: {
        tags: ['payments'],
        operationId: 'issueCreditNote',
        summary: 'Record a credit note against an invoice',
        description: `Lowers the invoice's balance; what goes beyond the balance becomes customer credit. The currency must be the invoice's (422 otherwise). ${commandDescription}`,
        body: CreditNoteIssuedData,
        response: { ...commandResponses, 422: notApplicable },
      },
    },
    async (request, reply) => replyWithCommand(pool, context, issueCreditNote(request.body), reply),
  );
};
