import {
  type DunningEvent,
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
import { daysPastDue } from './days-past-due.ts';
import type { CustomerRiskSnapshot, IssuedInvoice } from './risk-snapshot.ts';

/** The envelope parts a replay needs; real ledger and dunning events fit it. */
export type HistoryEvent = Pick<LedgerEvent | DunningEvent, 'type' | 'time' | 'data'>;

function emptySnapshot(customerId: string, at: Date): CustomerRiskSnapshot {
  return {
    customerId,
    industry: null,
    firstSeenAt: at,
    openInvoices: [],
    issued: [],
    payments: [],
    settlements: [],
    partPayments: [],
    promises: [],
    financials: null,
  };
}

/**
 * Folds ledger and dunning events, in order, into per-customer snapshots, the way the consumers fill
 * the profile tables: so a history can be scored without any infrastructure (the backtest).
 */
export class HistoryReplay {
  readonly snapshots = new Map<string, CustomerRiskSnapshot>();

  private readonly dayMs: number;

  /** `dayMs`: the length of a day in the history, to age written-off invoices. */
  constructor(dayMs: number) {
    this.dayMs = dayMs;
  }
  private readonly invoices = new Map<
    string,
    { amountMinor: bigint; overdueAt: Date; issued: IssuedInvoice }
  >();

  apply(event: HistoryEvent): void {
    const at = new Date(event.time);
    const customerId = (event.data as { customerId: string }).customerId;
    let snapshot = this.snapshots.get(customerId);
    if (!snapshot) {
      snapshot = emptySnapshot(customerId, at);
      this.snapshots.set(customerId, snapshot);
    }
    const e = event as LedgerEvent | DunningEvent;
    switch (e.type) {
      case LEDGER_CUSTOMER_UPSERTED:
        snapshot.industry = e.data.industry;
        return;
      case LEDGER_INVOICE_ISSUED: {
        const amountMinor = toMinorUnits(e.data.amount, e.data.currency);
        const issued = { at, currency: e.data.currency, amountMinor };
        const overdueAt = new Date(e.data.overdueAt);
        this.invoices.set(e.data.invoiceId, { amountMinor, overdueAt, issued });
        snapshot.issued.push(issued);
        const balanceMinor = toMinorUnits(e.data.balance, e.data.currency);
        if (balanceMinor === 0n) return;
        snapshot.openInvoices.push({
          invoiceId: e.data.invoiceId,
          currency: e.data.currency,
          balanceMinor,
          overdueAt,
        });
        return;
      }
      case LEDGER_INVOICE_OVERDUE: {
        const open = snapshot.openInvoices.find((invoice) => invoice.invoiceId === e.data.invoiceId);
        if (open) open.overdueAt = new Date(e.data.overdueAt);
        const known = this.invoices.get(e.data.invoiceId);
        if (known) known.overdueAt = new Date(e.data.overdueAt);
        return;
      }
      case LEDGER_INVOICE_BALANCE_CHANGED: {
        const balance = toMinorUnits(e.data.balance, e.data.currency);
        const open = snapshot.openInvoices.find((invoice) => invoice.invoiceId === e.data.invoiceId);
        if (open) open.balanceMinor = balance;
        if (balance === 0n) this.close(snapshot, e.data.invoiceId);
        const paid = toMinorUnits(e.data.previousBalance, e.data.currency) - balance;
        const amount =
          this.invoices.get(e.data.invoiceId)?.amountMinor ?? toMinorUnits(e.data.amount, e.data.currency);
        if (e.data.cause === 'payment' && balance > 0n && paid > 0n) {
          snapshot.partPayments.push({
            at: new Date(e.data.occurredAt),
            share: Math.min(1, Number(paid) / Number(amount)),
          });
        }
        return;
      }
      case LEDGER_INVOICE_SETTLED:
        this.close(snapshot, e.data.invoiceId);
        snapshot.settlements.push({
          at: new Date(e.data.settledAt),
          daysLate: e.data.daysLate,
          writtenOff: false,
        });
        return;
      case LEDGER_INVOICE_WRITTEN_OFF: {
        this.close(snapshot, e.data.invoiceId);
        const writtenOffAt = new Date(e.data.writtenOffAt);
        const overdueAt = this.invoices.get(e.data.invoiceId)?.overdueAt;
        snapshot.settlements.push({
          at: writtenOffAt,
          daysLate: overdueAt ? daysPastDue(writtenOffAt, overdueAt, this.dayMs) : 0,
          writtenOff: true,
        });
        return;
      }
      case LEDGER_INVOICE_CANCELLED: {
        this.close(snapshot, e.data.invoiceId);
        const issued = this.invoices.get(e.data.invoiceId)?.issued;
        snapshot.issued = snapshot.issued.filter((entry) => entry !== issued);
        return;
      }
      case LEDGER_PAYMENT_RECEIVED:
        for (const application of e.data.applications) {
          snapshot.payments.push({ at: new Date(e.data.receivedAt), daysLate: application.daysLate });
        }
        return;
      case 'dunning.promise.kept':
      case 'dunning.promise.broken':
        snapshot.promises.push({ at: new Date(e.data.at), kept: e.type === 'dunning.promise.kept' });
        return;
      default:
        return;
    }
  }

  private close(snapshot: CustomerRiskSnapshot, invoiceId: string): void {
    snapshot.openInvoices = snapshot.openInvoices.filter((invoice) => invoice.invoiceId !== invoiceId);
  }
}
