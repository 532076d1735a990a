import {
  DUNNING_CREDIT_HOLD_REQUESTED,
  DUNNING_PROMISE_BROKEN,
  DUNNING_PROMISE_KEPT,
  DUNNING_PROMISE_RECORDED,
  type DunningEvent,
  LEDGER_CUSTOMER_UPSERTED,
  LEDGER_DISPUTE_OPENED,
  LEDGER_DISPUTE_RESOLVED,
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
import { daysPastDue } from './days-past-due.ts';

/**
 * The rules that turn ledger and dunning events into a customer's risk profile, written once: the
 * consumers write the changes to the profile tables, the backtest's replay folds them in memory.
 */

export type ProfileInvoiceStatus = 'open' | 'settled' | 'cancelled' | 'written-off';

/** An invoice as far as risk needs it (a row of `risk_invoices`). */
export interface ProfileInvoice {
  invoiceId: string;
  customerId: string;
  currency: string;
  amountMinor: bigint;
  balanceMinor: bigint;
  overdueAt: Date;
  issuedAt: Date;
  status: ProfileInvoiceStatus;
}

/**
 * One change to the profile. How each is kept is the same in memory and in the tables:
 * - `customer-seen`: first seen is the earliest instant, the industry and payment terms the latest given;
 * - `invoice-issued`: kept unless the invoice is already on file (the first issue wins);
 * - `invoice-updated`: the invoice's balance, overdue instant and status become these;
 * - `payment-applied`, `invoice-settled`, `part-paid`: kept unless one with the same key is on file
 *   (keys: payment and invoice; invoice; source and invoice);
 * - `promise-recorded`, `promise-outcome`: the latest one per promise wins;
 * - `dispute-opened`, `dispute-resolved`: per dispute, the first opening and the first resolution are
 *   kept; a dispute is open once opened and until resolved (a resolution seen first: never open);
 * - `hold-requested`: kept once per customer, step and request instant.
 */
export type ProfileChange =
  | {
      kind: 'customer-seen';
      customerId: string;
      at: Date;
      industry: string | null;
      /** Given by `ledger.customer.upserted` only. */
      paymentTermsDays?: number;
    }
  | { kind: 'invoice-issued'; invoice: ProfileInvoice }
  | {
      kind: 'invoice-updated';
      invoiceId: string;
      balanceMinor: bigint;
      overdueAt: Date;
      status: ProfileInvoiceStatus;
    }
  | {
      kind: 'payment-applied';
      paymentId: string;
      invoiceId: string;
      customerId: string;
      at: Date;
      daysLate: number;
    }
  | {
      kind: 'invoice-settled';
      invoiceId: string;
      customerId: string;
      at: Date;
      daysLate: number;
      writtenOff: boolean;
    }
  | { kind: 'part-paid'; sourceId: string; invoiceId: string; customerId: string; at: Date; share: number }
  | { kind: 'promise-recorded'; promiseId: string; customerId: string; at: Date }
  | { kind: 'promise-outcome'; promiseId: string; customerId: string; outcome: 'kept' | 'broken'; at: Date }
  | {
      kind: 'dispute-opened';
      disputeId: string;
      invoiceId: string;
      customerId: string;
      /** The disputed part in minor units; null: the whole invoice. */
      amountMinor: bigint | null;
      at: Date;
    }
  | { kind: 'dispute-resolved'; disputeId: string; invoiceId: string; customerId: string; at: Date }
  | {
      kind: 'hold-requested';
      customerId: string;
      step: string;
      invoiceIds: string[];
      reason: string;
      at: Date;
    };

/** The ledger events whose rules read the invoice they name. */
const READS_INVOICE: ReadonlySet<string> = new Set([
  LEDGER_INVOICE_ISSUED,
  LEDGER_INVOICE_OVERDUE,
  LEDGER_INVOICE_BALANCE_CHANGED,
  LEDGER_INVOICE_SETTLED,
  LEDGER_INVOICE_WRITTEN_OFF,
  LEDGER_INVOICE_CANCELLED,
]);

/** The invoice whose state on file `ledgerEventChanges` needs for this event; undefined: none. */
export function invoiceIdOf(event: Pick<LedgerEvent, 'type' | 'data'>): string | undefined {
  if (!READS_INVOICE.has(event.type)) return undefined;
  return (event.data as { invoiceId: string }).invoiceId;
}

/** The invoice on file, as an update that changes nothing yet. */
function unchanged(invoice: ProfileInvoice): Extract<ProfileChange, { kind: 'invoice-updated' }> {
  return {
    kind: 'invoice-updated',
    invoiceId: invoice.invoiceId,
    balanceMinor: invoice.balanceMinor,
    overdueAt: invoice.overdueAt,
    status: invoice.status,
  };
}

/** Closing an invoice: no balance left, whatever its status was. Nothing to close if it is unknown. */
function closed(invoice: ProfileInvoice | undefined, status: ProfileInvoiceStatus): ProfileChange[] {
  return invoice ? [{ ...unchanged(invoice), balanceMinor: 0n, status }] : [];
}

/**
 * What a ledger event changes in the profile, given the invoice it names as it is on file (undefined
 * when unknown or when the event names none). An empty list: the event does not change the profile.
 * `dayMs` is the length of a day, to age a written-off invoice.
 */
export function ledgerEventChanges(
  event: Pick<LedgerEvent, 'type' | 'time' | 'data'>,
  invoice: ProfileInvoice | undefined,
  dayMs: number,
): ProfileChange[] {
  const e = event as LedgerEvent;
  const { customerId } = e.data;
  const seen = (industry: string | null = null, paymentTermsDays?: number): ProfileChange => ({
    kind: 'customer-seen',
    customerId,
    at: new Date(e.time),
    industry,
    ...(paymentTermsDays === undefined ? {} : { paymentTermsDays }),
  });
  switch (e.type) {
    case LEDGER_CUSTOMER_UPSERTED:
      return [seen(e.data.industry ?? null, e.data.paymentTermsDays)];
    case LEDGER_INVOICE_ISSUED: {
      const { data } = e;
      const balanceMinor = toMinorUnits(data.balance, data.currency);
      if (invoice) return [seen()];
      return [
        seen(),
        {
          kind: 'invoice-issued',
          invoice: {
            invoiceId: data.invoiceId,
            customerId,
            currency: data.currency,
            amountMinor: toMinorUnits(data.amount, data.currency),
            balanceMinor,
            overdueAt: new Date(data.overdueAt),
            issuedAt: new Date(e.time),
            status: balanceMinor > 0n ? 'open' : 'settled',
          },
        },
      ];
    }
    case LEDGER_INVOICE_OVERDUE:
      // The overdue instant moves whatever the invoice's status: it ages the invoice and a later write-off.
      if (!invoice) return [seen()];
      return [seen(), { ...unchanged(invoice), overdueAt: new Date(e.data.overdueAt) }];
    case LEDGER_INVOICE_BALANCE_CHANGED: {
      const { data } = e;
      const balanceMinor = toMinorUnits(data.balance, data.currency);
      const changes: ProfileChange[] = [seen()];
      if (invoice) {
        // An open invoice whose balance reaches zero is settled; a closed one keeps its status.
        const status = invoice.status === 'open' && balanceMinor === 0n ? 'settled' : invoice.status;
        changes.push({ ...unchanged(invoice), balanceMinor, status });
      }
      const paid = toMinorUnits(data.previousBalance, data.currency) - balanceMinor;
      if (data.cause === 'payment' && balanceMinor > 0n && paid > 0n) {
        const amountMinor = invoice?.amountMinor ?? toMinorUnits(data.amount, data.currency);
        changes.push({
          kind: 'part-paid',
          sourceId: data.sourceId,
          invoiceId: data.invoiceId,
          customerId,
          at: new Date(data.occurredAt),
          share: Math.min(1, Number(paid) / Number(amountMinor)),
        });
      }
      return changes;
    }
    case LEDGER_INVOICE_SETTLED:
      return [
        seen(),
        ...closed(invoice, 'settled'),
        {
          kind: 'invoice-settled',
          invoiceId: e.data.invoiceId,
          customerId,
          at: new Date(e.data.settledAt),
          daysLate: e.data.daysLate,
          writtenOff: false,
        },
      ];
    case LEDGER_INVOICE_WRITTEN_OFF: {
      const at = new Date(e.data.writtenOffAt);
      // A write-off is the latest payment of all: it counts as settled on the day it was written off.
      return [
        seen(),
        ...closed(invoice, 'written-off'),
        {
          kind: 'invoice-settled',
          invoiceId: e.data.invoiceId,
          customerId,
          at,
          daysLate: invoice ? daysPastDue(at, invoice.overdueAt, dayMs) : 0,
          writtenOff: true,
        },
      ];
    }
    case LEDGER_INVOICE_CANCELLED:
      return [seen(), ...closed(invoice, 'cancelled')];
    case LEDGER_DISPUTE_OPENED: {
      const { data } = e;
      return [
        seen(),
        {
          kind: 'dispute-opened',
          disputeId: data.disputeId,
          invoiceId: data.invoiceId,
          customerId,
          amountMinor: data.amount === undefined ? null : toMinorUnits(data.amount, data.currency),
          at: new Date(data.openedAt),
        },
      ];
    }
    case LEDGER_DISPUTE_RESOLVED:
      return [
        seen(),
        {
          kind: 'dispute-resolved',
          disputeId: e.data.disputeId,
          invoiceId: e.data.invoiceId,
          customerId,
          at: new Date(e.data.resolvedAt),
        },
      ];
    case LEDGER_PAYMENT_RECEIVED:
      return [
        seen(),
        ...e.data.applications.map(
          (application): ProfileChange => ({
            kind: 'payment-applied',
            paymentId: e.data.paymentId,
            invoiceId: application.invoiceId,
            customerId,
            at: new Date(e.data.receivedAt),
            daysLate: application.daysLate,
          }),
        ),
      ];
    default:
      return [];
  }
}

/**
 * What a dunning event changes in the profile: promises to pay and whether they were kept, and the
 * credit holds dunning asks for.
 */
export function dunningEventChanges(event: Pick<DunningEvent, 'type' | 'time' | 'data'>): ProfileChange[] {
  const e = event as DunningEvent;
  switch (e.type) {
    case DUNNING_PROMISE_RECORDED:
      return [
        { kind: 'customer-seen', customerId: e.data.customerId, at: new Date(e.time), industry: null },
        {
          kind: 'promise-recorded',
          promiseId: e.data.promiseId,
          customerId: e.data.customerId,
          at: new Date(e.data.recordedAt),
        },
      ];
    case DUNNING_PROMISE_KEPT:
    case DUNNING_PROMISE_BROKEN:
      return [
        { kind: 'customer-seen', customerId: e.data.customerId, at: new Date(e.time), industry: null },
        {
          kind: 'promise-outcome',
          promiseId: e.data.promiseId,
          customerId: e.data.customerId,
          outcome: e.type === DUNNING_PROMISE_KEPT ? 'kept' : 'broken',
          at: new Date(e.data.at),
        },
      ];
    case DUNNING_CREDIT_HOLD_REQUESTED:
      return [
        { kind: 'customer-seen', customerId: e.data.customerId, at: new Date(e.time), industry: null },
        {
          kind: 'hold-requested',
          customerId: e.data.customerId,
          step: e.data.step,
          invoiceIds: [...e.data.invoiceIds],
          reason: e.data.reason,
          at: new Date(e.data.requestedAt),
        },
      ];
    default:
      return [];
  }
}
