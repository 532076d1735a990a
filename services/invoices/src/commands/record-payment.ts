import {
  formatMinorUnits,
  LEDGER_PAYMENT_RECEIVED,
  type PaymentApplication,
  type PaymentReceivedData,
  toMinorUnits,
} from '@dunning/contracts';
import type pg from 'pg';
import { addCustomerCredit } from '../db/customer-credits.queries.ts';
import { customerTimeZone } from '../db/customers.queries.ts';
import { lockOpenInvoicesOfCustomer, type PostingInvoice } from '../db/invoices.queries.ts';
import { allocateWithDiscounts } from '../domain/allocate-with-discounts.ts';
import { businessInstant } from '../domain/business-instant.ts';
import { collectedMinor } from '../metrics.ts';
import type { CommandContext } from './command-context.ts';
import { discountableItems } from './discount-window.ts';
import { invoiceStep } from './invoice-lock.ts';
import { lateness, postReduction } from './invoice-posting.ts';
import type { LedgerCommand } from './ledger-command.ts';
import { addFact, type LedgerFacts } from './ledger-events.ts';
import { LedgerRuleError } from './ledger-rule-error.ts';

interface Target {
  customerId: string;
  timeZone: string;
  items: PostingInvoice[];
}

/**
 * A payment: applied to its invoice, or (unapplied) to the customer's open invoices in its currency
 * oldest due date first; whatever is left becomes customer credit for later invoices.
 */
export function recordPayment(data: PaymentReceivedData): LedgerCommand {
  const step = data.invoiceId === undefined ? undefined : invoiceStep(data.invoiceId);

  async function target(tx: pg.PoolClient): Promise<Target> {
    if (step === undefined) {
      const customerId = data.customerId ?? '';
      const items = await lockOpenInvoicesOfCustomer(tx, customerId, data.currency);
      const timeZone = items[0]?.timeZone ?? (await customerTimeZone(tx, customerId));
      return { customerId, timeZone, items };
    }
    const invoice = await step.invoice(tx);
    if (invoice.currency !== data.currency) {
      throw new LedgerRuleError(
        422,
        `payment ${data.paymentId} is in ${data.currency} but invoice ${data.invoiceId} is in ${invoice.currency}`,
      );
    }
    return {
      customerId: invoice.customerId,
      timeZone: invoice.timeZone,
      items: [invoice],
    };
  }

  return {
    kind: 'payment',
    commandId: data.paymentId,
    idField: 'paymentId',
    request: data,
    prepare: async (tx, context) => step?.prepare(tx, context),
    async apply(tx, context: CommandContext, facts: LedgerFacts) {
      const amountMinor = toMinorUnits(data.amount, data.currency);
      const { customerId, timeZone, items } = await target(tx);
      const receivedAt = businessInstant(data.receivedAt, timeZone);
      const allocation = allocateWithDiscounts(
        amountMinor,
        await discountableItems(tx, context, items, receivedAt),
      );
      const money = (minor: bigint) => formatMinorUnits(minor, data.currency);
      const applications: PaymentApplication[] = [];
      for (const { id, amountMinor: applied, discountMinor } of allocation.applications) {
        const invoice = items.find((item) => item.invoiceId === id) as PostingInvoice;
        if (discountMinor > 0n) {
          // The discount is booked just before the payment that earned it, so the payment is what
          // settles the invoice: consumers never see a payment that leaves a discount's rest open
          // (credit-risk would count it as a part-payment).
          await postReduction(tx, context, facts, invoice, {
            kind: 'discount',
            amountMinor: discountMinor,
            sourceId: data.paymentId,
            occurredAt: receivedAt,
            cause: 'discount',
          });
        }
        await postReduction(tx, context, facts, invoice, {
          kind: 'payment',
          amountMinor: applied,
          sourceId: data.paymentId,
          occurredAt: receivedAt,
          cause: 'payment',
        });
        applications.push({
          invoiceId: id,
          amount: money(applied),
          daysLate: lateness(context, invoice, receivedAt),
          ...(discountMinor > 0n ? { discount: money(discountMinor) } : {}),
        });
      }
      if (allocation.leftoverMinor > 0n) {
        // Adding credit takes no lock: only an arriving invoice uses credit, under the customer's lock.
        await addCustomerCredit(tx, {
          customerId,
          currency: data.currency,
          amountMinor: allocation.leftoverMinor,
          sourceKind: 'payment',
          sourceId: data.paymentId,
          occurredAt: receivedAt,
        });
      }
      const unapplied = money(allocation.leftoverMinor);
      addFact(facts, context, customerId, {
        type: LEDGER_PAYMENT_RECEIVED,
        subject: data.paymentId,
        data: {
          paymentId: data.paymentId,
          customerId,
          currency: data.currency,
          amount: money(amountMinor),
          receivedAt: receivedAt.toISOString(),
          applications,
          unapplied,
        },
      });
      // Counted when booked, before the commit: a rare rolled-back transaction that is retried counts twice.
      collectedMinor.inc({ currency: data.currency }, Number(amountMinor));
      return {
        paymentId: data.paymentId,
        status: 'applied',
        customerId,
        currency: data.currency,
        applications,
        unapplied,
      };
    },
  };
}
