import type {
  DunningActionRequestedData,
  DunningCaseClosedData,
  DunningCreditHoldRequestedData,
  DunningPromiseOutcomeData,
  DunningPromiseRecordedData,
  DunningTaskCreatedData,
  NotificationDeliveredData,
  NotificationDroppedData,
  NotificationFailedData,
  RiskAlertRaisedData,
  RiskAlertResolvedData,
  RiskAssessmentChangedData,
  RiskConcentrationFlaggedData,
  RiskCreditHoldPlacedData,
  RiskCreditHoldReleasedData,
} from '../src/index.ts';

const ids = { invoiceId: 'INV-2026-0001', customerId: 'C-1001' };

export const assessment: RiskAssessmentChangedData = {
  customerId: 'C-1001',
  score: 38,
  class: 'C',
  warning: 'red',
  creditLimit: { amount: '50000.00', currency: 'CNY' },
  onHold: true,
  modelVersion: 'scorecard-2026.1',
  assessedAt: '2026-12-31T00:00:00Z',
  trigger: 'ledger.invoice.overdue',
  previous: {
    class: 'B',
    warning: 'yellow',
    creditLimit: { amount: '80000', currency: 'CNY' },
    onHold: false,
  },
  recommendedTerms: {
    days: 0,
    prepayment: true,
    reason: 'Class C on red warning: ask for payment before delivery.',
    code: 'class-c-prepayment',
  },
};

export const alertRaised: RiskAlertRaisedData = {
  alertId: 'AL-1',
  customerId: 'C-1001',
  kind: 'litigation',
  note: 'Sued by a supplier',
  raisedAt: '2026-12-30T08:00:00Z',
};

export const alertResolved: RiskAlertResolvedData = {
  ...alertRaised,
  resolutionNote: null,
  resolvedAt: '2026-12-31T08:00:00Z',
};

export const holdPlaced: RiskCreditHoldPlacedData = {
  customerId: 'C-1001',
  reason: 'warning level red',
  placedAt: '2026-12-31T00:00:00Z',
};

export const holdReleased: RiskCreditHoldReleasedData = {
  customerId: 'C-1001',
  reason: 'overdue balance paid',
  releasedAt: '2027-01-15T00:00:00Z',
};

export const concentration: RiskConcentrationFlaggedData = {
  customerId: 'C-1001',
  share: '0.3412',
  threshold: '0.30',
  currency: 'CNY',
  exposure: '3412000.00',
  flaggedAt: '2026-12-31T00:00:00Z',
};

export const action: DunningActionRequestedData = {
  actionId: 'ACT-1.email',
  customerId: 'C-1001',
  policyId: 'standard',
  policyVersion: 3,
  step: 'overdue-notice',
  level: 2,
  channel: 'email',
  templateKey: 'overdue-notice.formal',
  invoices: [
    {
      invoiceId: 'INV-2026-0001',
      number: '2026-0001',
      currency: 'CNY',
      amount: '1234.50',
      balance: '234.50',
      dueDate: '2026-12-01',
      daysOverdue: 30,
    },
  ],
  charges: [
    { kind: 'interest', description: 'late-payment interest 0.05 %/day', amount: '3.52', currency: 'CNY' },
  ],
  deadline: '2027-01-10',
  collector: {
    collectorId: 'collector.wang',
    name: '王芳',
    email: 'wang@example.cn',
    phone: '+8613800138001',
  },
  requestedAt: '2026-12-31T09:00:00+08:00',
};

export const task: DunningTaskCreatedData = {
  taskId: 'T-1',
  customerId: 'C-1001',
  kind: 'call',
  invoiceIds: ['INV-2026-0001'],
  collectorId: null,
  priority: 2.5,
  step: 'overdue-notice',
  dueAt: '2027-01-02T09:00:00+08:00',
  createdAt: '2026-12-31T09:00:00+08:00',
};

export const holdRequested: DunningCreditHoldRequestedData = {
  customerId: 'C-1001',
  invoiceIds: ['INV-2026-0001'],
  step: 'legal-letter',
  reason: '90 days overdue',
  requestedAt: '2027-03-01T09:00:00+08:00',
};

export const promise: DunningPromiseRecordedData = {
  promiseId: 'P-1',
  customerId: 'C-1001',
  invoiceIds: ['INV-2026-0001'],
  promisedDate: '2027-01-15',
  amount: '234.50',
  currency: 'CNY',
  collectorId: 'collector.wang',
  recordedAt: '2027-01-02T10:00:00+08:00',
};

export const promiseOutcome: DunningPromiseOutcomeData = {
  promiseId: 'P-1',
  customerId: 'C-1001',
  invoiceIds: ['INV-2026-0001'],
  promisedDate: '2027-01-15',
  amount: '234.50',
  currency: 'CNY',
  at: '2027-01-16T00:00:00+08:00',
};

export const caseClosed: DunningCaseClosedData = { ...ids, reason: 'paid', closedAt: '2027-01-14T12:00:00Z' };

export const delivered: NotificationDeliveredData = {
  notificationId: 'N-1',
  actionId: 'ACT-1.email',
  customerId: 'C-1001',
  invoiceIds: ['INV-2026-0001'],
  channel: 'email',
  step: 'overdue-notice',
  locale: 'zh-CN',
  sentAt: '2026-12-31T09:00:05+08:00',
};

export const failed: NotificationFailedData = {
  notificationId: 'N-2',
  actionId: 'ACT-1.sms',
  customerId: 'C-1001',
  invoiceIds: ['INV-2026-0001'],
  channel: 'sms',
  step: 'overdue-notice',
  reason: 'no phone number on file',
  permanent: true,
  failedAt: '2026-12-31T09:00:05+08:00',
};

export const dropped: NotificationDroppedData = {
  notificationId: 'N-3',
  actionId: 'ACT-2.email',
  customerId: 'C-1001',
  invoiceIds: ['INV-2026-0001'],
  channel: 'email',
  step: 'final-notice',
  reason: 'settled',
  droppedAt: '2026-12-31T09:00:05+08:00',
};
