import {
  formatMinorUnits,
  type InvoiceCancelledData,
  LEDGER_INVOICE_CANCELLED,
  LEDGER_INVOICE_WRITTEN_OFF,
} from '@dunning/contracts';
import { invoiceStep } from './invoice-lock.ts';
import { postReduction } from './invoice-posting.ts';
import type { LedgerCommand } from './ledger-command.ts';
import { addFact } from './ledger-events.ts';
import { LedgerRuleError } from './ledger-rule-error.ts';

/** Cancelling books the remaining balance off (money already applied stays applied). */
export function cancelInvoice(data: InvoiceCancelledData): LedgerCommand {
  const step = invoiceStep(data.invoiceId);
  return {
    kind: 'cancel',
    commandId: data.invoiceId,
    idField: 'invoiceId',
    request: data,
    prepare: (tx, context) => step.prepare(tx, context),
    async apply(tx, context, facts) {
      const invoice = await step.invoice(tx);
      const cancelledAt = context.now();
      const remaining = invoice.balanceMinor > 0n ? invoice.balanceMinor : 0n;
      await postReduction(tx, context, facts, invoice, {
        kind: 'cancellation',
        amountMinor: remaining,
        sourceId: data.invoiceId,
        occurredAt: cancelledAt,
      });
      addFact(facts, context, invoice.customerId, {
        type: LEDGER_INVOICE_CANCELLED,
        subject: data.invoiceId,
        data: {
          invoiceId: data.invoiceId,
          customerId: invoice.customerId,
          ...(data.reason === undefined ? {} : { reason: data.reason }),
          cancelledAt: cancelledAt.toISOString(),
        },
      });
      return {
        invoiceId: data.invoiceId,
        status: 'cancelled',
        cancelledBalance: formatMinorUnits(remaining, invoice.currency),
      };
    },
  };
}

export interface WriteOffData {
  invoiceId: string;
  writeOffId?: string | undefined;
  reason?: string | undefined;
}

/** Writing off books the whole remaining balance as bad debt; a settled invoice has nothing to write off. */
export function writeOffInvoice(data: WriteOffData): LedgerCommand {
  const writeOffId = data.writeOffId ?? data.invoiceId;
  const step = invoiceStep(data.invoiceId);
  return {
    kind: 'write-off',
    commandId: writeOffId,
    idField: 'writeOffId',
    request: { ...data },
    prepare: (tx, context) => step.prepare(tx, context),
    async apply(tx, context, facts) {
      const invoice = await step.invoice(tx);
      if (invoice.balanceMinor <= 0n) {
        throw new LedgerRuleError(409, `invoice ${data.invoiceId} has no open balance to write off`);
      }
      const amountMinor = invoice.balanceMinor;
      const writtenOffAt = context.now();
      await postReduction(tx, context, facts, invoice, {
        kind: 'write-off',
        amountMinor,
        sourceId: writeOffId,
        occurredAt: writtenOffAt,
        cause: 'write-off',
      });
      const amount = formatMinorUnits(amountMinor, invoice.currency);
      addFact(facts, context, invoice.customerId, {
        type: LEDGER_INVOICE_WRITTEN_OFF,
        subject: data.invoiceId,
        data: {
          invoiceId: data.invoiceId,
          customerId: invoice.customerId,
          currency: invoice.currency,
          amount,
          writtenOffAt: writtenOffAt.toISOString(),
          ...(data.reason === undefined ? {} : { reason: data.reason }),
        },
      });
      return {
        writeOffId,
        status: 'written-off',
        invoiceId: data.invoiceId,
        currency: invoice.currency,
        amount,
      };
    },
  };
}
