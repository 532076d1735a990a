import {
  LEDGER_CUSTOMER_UPSERTED,
  LEDGER_INVOICE_BALANCE_CHANGED,
  LEDGER_INVOICE_CANCELLED,
  LEDGER_INVOICE_ISSUED,
  LEDGER_INVOICE_OVERDUE,
  LEDGER_INVOICE_SETTLED,
  LEDGER_INVOICE_WRITTEN_OFF,
  LEDGER_PAYMENT_RECEIVED,
  type LedgerEvent,
  toMinorUnits,
} from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { markCustomerDirty } from '../db/customers.queries.ts';
import {
  closeInvoice,
  recordIssuedInvoice,
  recordPartPayment,
  recordPaymentApplication,
  recordSettlement,
  updateBalance,
  updateOverdueAt,
} from '../db/profile.queries.ts';
import { daysPastDue } from '../domain/days-past-due.ts';

/** Keeps the risk profile from ledger facts and marks the customer for re-assessment. */
export function handleLedgerEvent(dayMs: number): EventHandler<LedgerEvent> {
  return async (event, tx) => {
    const { customerId } = event.data;
    const mark = (industry?: string) =>
      markCustomerDirty(tx, { customerId, trigger: event.type, seenAt: new Date(event.time), industry });
    switch (event.type) {
      case LEDGER_CUSTOMER_UPSERTED:
        await mark(event.data.industry);
        return { status: 'applied' };
      case LEDGER_INVOICE_ISSUED: {
        const { data } = event;
        await recordIssuedInvoice(tx, {
          invoiceId: data.invoiceId,
          customerId,
          currency: data.currency,
          amountMinor: toMinorUnits(data.amount, data.currency),
          balanceMinor: toMinorUnits(data.balance, data.currency),
          overdueAt: data.overdueAt,
          issuedAt: event.time,
        });
        await mark();
        return { status: 'applied' };
      }
      case LEDGER_INVOICE_OVERDUE:
        await updateOverdueAt(tx, event.data.invoiceId, event.data.overdueAt);
        await mark();
        return { status: 'applied' };
      case LEDGER_INVOICE_BALANCE_CHANGED: {
        const { data } = event;
        const balance = toMinorUnits(data.balance, data.currency);
        const amount = await updateBalance(tx, data.invoiceId, balance);
        const paid = toMinorUnits(data.previousBalance, data.currency) - balance;
        if (data.cause === 'payment' && balance > 0n && paid > 0n) {
          const invoiceAmount = amount ?? toMinorUnits(data.amount, data.currency);
          await recordPartPayment(tx, {
            sourceId: data.sourceId,
            invoiceId: data.invoiceId,
            customerId,
            at: data.occurredAt,
            share: Math.min(1, Number(paid) / Number(invoiceAmount)),
          });
        }
        await mark();
        return { status: 'applied' };
      }
      case LEDGER_INVOICE_SETTLED:
        await closeInvoice(tx, event.data.invoiceId, 'settled');
        await recordSettlement(tx, {
          invoiceId: event.data.invoiceId,
          customerId,
          at: event.data.settledAt,
          daysLate: event.data.daysLate,
          writtenOff: false,
        });
        await mark();
        return { status: 'applied' };
      case LEDGER_INVOICE_WRITTEN_OFF: {
        const closed = await closeInvoice(tx, event.data.invoiceId, 'written-off');
        const at = new Date(event.data.writtenOffAt);
        // A write-off is the latest payment of all: it counts as settled on the day it was written off.
        await recordSettlement(tx, {
          invoiceId: event.data.invoiceId,
          customerId,
          at: event.data.writtenOffAt,
          daysLate: closed ? daysPastDue(at, closed.overdueAt, dayMs) : 0,
          writtenOff: true,
        });
        await mark();
        return { status: 'applied' };
      }
      case LEDGER_INVOICE_CANCELLED:
        await closeInvoice(tx, event.data.invoiceId, 'cancelled');
        await mark();
        return { status: 'applied' };
      case LEDGER_PAYMENT_RECEIVED:
        for (const application of event.data.applications) {
          await recordPaymentApplication(tx, {
            paymentId: event.data.paymentId,
            invoiceId: application.invoiceId,
            customerId,
            at: event.data.receivedAt,
            daysLate: application.daysLate,
          });
        }
        await mark();
        return { status: 'applied' };
      default:
        return { status: 'skipped', reason: `${event.type} does not change the risk profile` };
    }
  };
}
