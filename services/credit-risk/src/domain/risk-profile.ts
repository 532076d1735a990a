import type { DunningEvent, LedgerEvent } from '@dunning/contracts';
import {
  dunningEventChanges,
  invoiceIdOf,
  ledgerEventChanges,
  type ProfileChange,
  type ProfileInvoice,
} from './profile-rules.ts';
import type { CustomerRiskSnapshot } from './risk-snapshot.ts';

/**
 * A customer's risk profile in memory: the same facts as the profile tables, under the same keys. The
 * replay of a history (the backtest) folds events into it with the rules of `profile-rules.ts`.
 */
export interface RiskProfile {
  customerId: string;
  industry: string | null;
  paymentTermsDays: number | null;
  firstSeenAt: Date;
  /** By invoice id. */
  invoices: Map<string, ProfileInvoice>;
  /** By payment id and invoice id. */
  payments: Map<string, { at: Date; daysLate: number }>;
  /** By invoice id. */
  settlements: Map<string, { at: Date; daysLate: number; writtenOff: boolean }>;
  /** By source id and invoice id. */
  partPayments: Map<string, { at: Date; share: number }>;
  /** By promise id. */
  promises: Map<
    string,
    { recordedAt: Date | null; outcome: 'kept' | 'broken' | null; outcomeAt: Date | null }
  >;
  /** By dispute id. */
  disputes: Map<
    string,
    { invoiceId: string; amountMinor: bigint | null; openedAt: Date | null; resolvedAt: Date | null }
  >;
  /** By step and request instant. */
  holdRequests: Map<string, { step: string; requestedAt: Date; invoiceIds: string[] }>;
}

export function emptyProfile(customerId: string, firstSeenAt: Date): RiskProfile {
  return {
    customerId,
    industry: null,
    paymentTermsDays: null,
    firstSeenAt,
    invoices: new Map(),
    payments: new Map(),
    settlements: new Map(),
    partPayments: new Map(),
    promises: new Map(),
    disputes: new Map(),
    holdRequests: new Map(),
  };
}

const pair = (a: string, b: string) => `${a}\u0000${b}`;

/** Keeps one change in the profile (in place), the way the profile tables keep it. */
export function applyProfileChange(profile: RiskProfile, change: ProfileChange): RiskProfile {
  switch (change.kind) {
    case 'customer-seen':
      if (change.at < profile.firstSeenAt) profile.firstSeenAt = change.at;
      if (change.industry !== null) profile.industry = change.industry;
      if (change.paymentTermsDays !== undefined) profile.paymentTermsDays = change.paymentTermsDays;
      break;
    case 'invoice-issued':
      if (!profile.invoices.has(change.invoice.invoiceId)) {
        profile.invoices.set(change.invoice.invoiceId, { ...change.invoice });
      }
      break;
    case 'invoice-updated': {
      const invoice = profile.invoices.get(change.invoiceId);
      if (invoice) {
        invoice.balanceMinor = change.balanceMinor;
        invoice.overdueAt = change.overdueAt;
        invoice.status = change.status;
      }
      break;
    }
    case 'payment-applied': {
      const key = pair(change.paymentId, change.invoiceId);
      if (!profile.payments.has(key)) profile.payments.set(key, { at: change.at, daysLate: change.daysLate });
      break;
    }
    case 'invoice-settled':
      if (!profile.settlements.has(change.invoiceId)) {
        profile.settlements.set(change.invoiceId, {
          at: change.at,
          daysLate: change.daysLate,
          writtenOff: change.writtenOff,
        });
      }
      break;
    case 'part-paid': {
      const key = pair(change.sourceId, change.invoiceId);
      if (!profile.partPayments.has(key))
        profile.partPayments.set(key, { at: change.at, share: change.share });
      break;
    }
    case 'promise-recorded': {
      const promise = profile.promises.get(change.promiseId);
      if (promise) promise.recordedAt = change.at;
      else profile.promises.set(change.promiseId, { recordedAt: change.at, outcome: null, outcomeAt: null });
      break;
    }
    case 'promise-outcome': {
      const promise = profile.promises.get(change.promiseId);
      if (promise) {
        promise.outcome = change.outcome;
        promise.outcomeAt = change.at;
      } else {
        profile.promises.set(change.promiseId, {
          recordedAt: null,
          outcome: change.outcome,
          outcomeAt: change.at,
        });
      }
      break;
    }
    case 'dispute-opened': {
      const dispute = profile.disputes.get(change.disputeId);
      if (!dispute) {
        profile.disputes.set(change.disputeId, {
          invoiceId: change.invoiceId,
          amountMinor: change.amountMinor,
          openedAt: change.at,
          resolvedAt: null,
        });
      } else if (dispute.openedAt === null) {
        dispute.amountMinor = change.amountMinor;
        dispute.openedAt = change.at;
      }
      break;
    }
    case 'dispute-resolved': {
      const dispute = profile.disputes.get(change.disputeId);
      if (!dispute) {
        profile.disputes.set(change.disputeId, {
          invoiceId: change.invoiceId,
          amountMinor: null,
          openedAt: null,
          resolvedAt: change.at,
        });
      } else if (dispute.resolvedAt === null) {
        dispute.resolvedAt = change.at;
      }
      break;
    }
    case 'hold-requested': {
      const key = pair(change.step, change.at.toISOString());
      if (!profile.holdRequests.has(key)) {
        profile.holdRequests.set(key, {
          step: change.step,
          requestedAt: change.at,
          invoiceIds: [...change.invoiceIds],
        });
      }
      break;
    }
  }
  return profile;
}

function applyAll(profile: RiskProfile | undefined, changes: ProfileChange[]): RiskProfile | undefined {
  let folded = profile;
  for (const change of changes) {
    if (!folded && change.kind === 'customer-seen') folded = emptyProfile(change.customerId, change.at);
    if (folded) applyProfileChange(folded, change);
  }
  return folded;
}

/**
 * Folds one ledger event into a customer's profile (undefined: none yet); returns the profile, or
 * undefined when there was none and the event does not change it. The profile is updated in place.
 */
export function applyLedgerEvent(
  profile: RiskProfile | undefined,
  event: Pick<LedgerEvent, 'type' | 'time' | 'data'>,
  dayMs: number,
): RiskProfile | undefined {
  const invoiceId = invoiceIdOf(event);
  const invoice = invoiceId === undefined ? undefined : profile?.invoices.get(invoiceId);
  return applyAll(profile, ledgerEventChanges(event, invoice, dayMs));
}

/** Folds one dunning event into a customer's profile, as `applyLedgerEvent`. */
export function applyDunningEvent(
  profile: RiskProfile | undefined,
  event: Pick<DunningEvent, 'type' | 'time' | 'data'>,
): RiskProfile | undefined {
  return applyAll(profile, dunningEventChanges(event));
}

/** What an assessment reads of a profile: the same selection as `loadSnapshot` from the tables. */
export function snapshotOf(profile: RiskProfile): CustomerRiskSnapshot {
  const invoices = [...profile.invoices.values()];
  const isOpen = (invoice: ProfileInvoice) => invoice.status === 'open' && invoice.balanceMinor > 0n;
  return {
    customerId: profile.customerId,
    industry: profile.industry,
    firstSeenAt: profile.firstSeenAt,
    openInvoices: invoices.filter(isOpen).map(({ invoiceId, currency, balanceMinor, overdueAt }) => ({
      invoiceId,
      currency,
      balanceMinor,
      overdueAt,
    })),
    issued: invoices
      .filter((invoice) => invoice.status !== 'cancelled')
      .map(({ issuedAt, currency, amountMinor }) => ({ at: issuedAt, currency, amountMinor })),
    payments: [...profile.payments.values()].map((payment) => ({ ...payment })),
    settlements: [...profile.settlements.values()].map((settlement) => ({ ...settlement })),
    partPayments: [...profile.partPayments.values()].map((part) => ({ ...part })),
    promises: [...profile.promises.values()].flatMap((promise) =>
      promise.outcome !== null && promise.outcomeAt !== null
        ? [{ at: promise.outcomeAt, kept: promise.outcome === 'kept' }]
        : [],
    ),
    financials: null,
    openDisputes: [...profile.disputes.values()].flatMap((dispute) =>
      dispute.openedAt !== null && dispute.resolvedAt === null
        ? [{ invoiceId: dispute.invoiceId, amountMinor: dispute.amountMinor }]
        : [],
    ),
    holdRequests: [...profile.holdRequests.values()].map((request) => ({
      step: request.step,
      requestedAt: request.requestedAt,
      owedInvoiceIds: owedInvoiceIds(request.invoiceIds, profile.invoices),
    })),
    paymentTermsDays: profile.paymentTermsDays,
    // Alerts come over HTTP and as ERP events, not from the ledger's and dunning's history.
    openAlerts: [],
  };
}

/**
 * The invoices a hold request named that are still owed: open with a balance, or not on file yet (not
 * known to be paid). A request naming no invoice stands for every open invoice of the customer.
 */
export function owedInvoiceIds(
  named: readonly string[],
  invoices: ReadonlyMap<string, ProfileInvoice>,
): string[] {
  const owed = (invoice: ProfileInvoice | undefined) =>
    invoice === undefined || (invoice.status === 'open' && invoice.balanceMinor > 0n);
  if (named.length === 0) {
    return [...invoices.values()].filter((invoice) => owed(invoice)).map((invoice) => invoice.invoiceId);
  }
  return named.filter((invoiceId) => owed(invoices.get(invoiceId)));
}
