import type { RiskInputs } from '../src/domain/risk-inputs.ts';
import type { CustomerRiskSnapshot } from '../src/domain/risk-snapshot.ts';

/** An established customer with nothing good or bad on file: every factor near neutral. */
export function neutralInputs(overrides: Partial<RiskInputs> = {}): RiskInputs {
  return {
    avgDaysLate: null,
    recentDaysLate: null,
    lateShare: null,
    brokenPromises: 0,
    recentLateShare: null,
    partPaymentShrink: 0,
    maxDaysPastDue: 0,
    overdueShare: 0,
    limitUtilisation: null,
    currentRatio: null,
    quickRatio: null,
    debtRatio: null,
    industry: null,
    relationshipDays: 400,
    settledInvoices: 10,
    ...overrides,
  };
}

export function emptySnapshot(overrides: Partial<CustomerRiskSnapshot> = {}): CustomerRiskSnapshot {
  return {
    customerId: 'c-1',
    industry: null,
    firstSeenAt: new Date('2025-01-01T00:00:00Z'),
    openInvoices: [],
    issued: [],
    payments: [],
    settlements: [],
    partPayments: [],
    promises: [],
    financials: null,
    openDisputes: [],
    holdRequests: [],
    paymentTermsDays: null,
    openAlerts: [],
    ...overrides,
  };
}
