import type { OpenAlert } from './alerts.ts';

/** What the service knows about one customer at an instant: the raw material of an assessment. */
export interface CustomerRiskSnapshot {
  customerId: string;
  industry: string | null;
  /** When the relationship began: the first event seen about the customer. */
  firstSeenAt: Date;
  openInvoices: OpenInvoice[];
  /** Invoices issued in the history window (volume). */
  issued: IssuedInvoice[];
  /** One per payment application, with its days late (negative when early). */
  payments: TimedDaysLate[];
  /** One per invoice settled or written off. */
  settlements: Settlement[];
  /** Payments that left a balance, as a share of the invoice amount (0..1). */
  partPayments: PartPayment[];
  promises: PromiseOutcome[];
  financials: Financials | null;
  /** Disputes still open on the customer's open invoices. */
  openDisputes: OpenDispute[];
  /** Credit holds dunning asked for, with the invoices they named that are still owed. */
  holdRequests: HoldRequest[];
  /** The customer's payment terms as the ledger holds them; null: not told yet. */
  paymentTermsDays: number | null;
  /** Business alerts raised and not resolved. */
  openAlerts: OpenAlert[];
}

export interface OpenDispute {
  invoiceId: string;
  /** The disputed part in the invoice's minor units; null: the whole invoice. */
  amountMinor: bigint | null;
}

export interface HoldRequest {
  step: string;
  requestedAt: Date;
  /** The invoices the request named that are open or not known yet (not known to be closed). */
  owedInvoiceIds: string[];
}

export interface OpenInvoice {
  invoiceId: string;
  currency: string;
  balanceMinor: bigint;
  overdueAt: Date;
}

export interface IssuedInvoice {
  at: Date;
  currency: string;
  amountMinor: bigint;
}

export interface TimedDaysLate {
  at: Date;
  daysLate: number;
}

export interface Settlement extends TimedDaysLate {
  writtenOff: boolean;
}

export interface PartPayment {
  at: Date;
  share: number;
}

export interface PromiseOutcome {
  at: Date;
  kept: boolean;
}

export interface Financials {
  currentRatio: number;
  quickRatio: number;
  debtRatio: number;
  period: string;
}
