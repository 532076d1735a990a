import { type CreditNoteIssuedData, formatMinorUnits, toMinorUnits } from '@dunning/contracts';
import { addCustomerCredit } from '../db/customer-credits.queries.ts';
import { businessInstant } from '../domain/business-instant.ts';
import { invoiceStep } from './invoice-lock.ts';
import { postReduction } from './invoice-posting.ts';
import type { LedgerCommand } from './ledger-command.ts';
import { LedgerRuleError } from './ledger-rule-error.ts';

/** A credit note lowers its invoice's balance; what goes beyond the balance becomes customer credit. */
export function issueCreditNote(data: CreditNoteIssuedData): LedgerCommand {
  const step = invoiceStep(data.invoiceId);
  return {
    kind: 'credit-note',
    commandId: data.creditNoteId,
    idField: 'creditNoteId',
    request: data,
    prepare: (tx, context) => step.prepare(tx, context),
    async apply(tx, context, facts) {
      const invoice = await step.invoice(tx);
      if (invoice.currency !== data.currency) {
        throw new LedgerRuleError(
          422,
          `credit note ${data.creditNoteId} is in ${data.currency} but invoice ${data.invoiceId} is in ${invoice.currency}`,
        );
      }
      const amountMinor = toMinorUnits(data.amount, data.currency);
      const issuedAt = businessInstant(data.issuedAt, invoice.timeZone);
      const applied =
        amountMinor < invoice.balanceMinor
          ? amountMinor
          : invoice.balanceMinor > 0n
            ? invoice.balanceMinor
            : 0n;
      if (applied > 0n) {
        await postReduction(tx, context, facts, invoice, {
          kind: 'credit',
          amountMinor: applied,
          sourceId: data.creditNoteId,
          occurredAt: issuedAt,
          cause: 'credit-note',
        });
      }
      const excess = amountMinor - applied;
      if (excess > 0n) {
        await addCustomerCredit(tx, {
          customerId: invoice.customerId,
          currency: data.currency,
          amountMinor: excess,
          sourceKind: 'credit',
          sourceId: data.creditNoteId,
          occurredAt: issuedAt,
        });
      }
      const money = (minor: bigint) => formatMinorUnits(minor, data.currency);
      return {
        creditNoteId: data.creditNoteId,
        status: 'applied',
        invoiceId: data.invoiceId,
        currency: data.currency,
        applied: money(applied),
        toCustomerCredit: money(excess),
      };
    },
  };
}
