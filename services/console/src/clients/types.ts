// The parts of the services' answers the console reads (their OpenAPI documents have the rest).

export interface CustomerProfile {
  customerId: string;
  name: string;
  email?: string;
  phone?: string;
  locale?: 'en' | 'zh-CN';
  timezone?: string;
  collectorId?: string;
}

export interface InvoiceSummary {
  invoiceId: string;
  customerId: string;
  number: string;
  currency: string;
  amount: string;
  balance: string;
  issueDate: string;
  dueDate: string;
  overdueAt: string;
  status: string;
  disputed: boolean;
}

export interface Statement {
  customerId: string;
  asOf: string;
  openItems: InvoiceSummary[];
  totals: { currency: string; open: string; overdue: string; credit: string; net: string }[];
  /** Dunning fees and interest, open and waived (items of `kind: charge`). */
  charges?: Charge[];
}

export interface Charge {
  kind: 'charge';
  chargeId: string;
  chargeKind: 'fee' | 'interest';
  customerId: string;
  invoiceIds: string[];
  currency: string;
  amount: string;
  open: string;
  status: 'open' | 'waived';
  description: string;
  leviedAt: string;
  waivedAt: string | null;
  waiveReason: string | null;
  waivedBy: string | null;
}

/** The six reason codes dunning accepts for a block. */
export const BLOCK_REASONS = ['dispute', 'promise', 'legal', 'vip', 'bankruptcy', 'manual'] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

export interface DunningBlock {
  blockId: string;
  scope: 'customer' | 'invoice';
  customerId: string;
  invoiceId: string | null;
  reason: BlockReason;
  note: string | null;
  until: string | null;
  placedBy: string;
  placedAt: string;
  changedAt?: string | null;
  changedBy?: string | null;
  liftedAt: string | null;
  liftedBy: string | null;
  active: boolean;
}

export interface ProposalItem {
  customerId: string;
  currency: string;
  level: number;
  step: string;
  invoiceIds: string[];
  amount: string;
  dueAt: string;
  channels: string[];
  excluded: { reason: string; detail?: unknown } | null;
}

export interface NoticePreview {
  templateKey: string;
  locale: string;
  subject: string;
  text: string;
  sms: string;
}

export interface AgingReport {
  asOf: string;
  currencies: {
    currency: string;
    buckets: { bucket: string; amount: string; count: number }[];
    total: { amount: string; count: number };
  }[];
}

export interface KpiReport {
  from: string;
  to: string;
  currencies: {
    currency: string;
    dso: string | null;
    cei: string | null;
    overdueRatio: string | null;
    badDebtRate?: string | null;
    closingReceivables: string;
  }[];
}

/** One KPI of one month against its target, as the ledger's trends report gives it. */
export interface TrendFigure {
  value: string | null;
  target: string;
  better: 'lower' | 'higher';
  /** False when the value is null. */
  met: boolean;
}

export type TrendKpi = 'dso' | 'arTurnover' | 'overdueRatio' | 'over90Share' | 'badDebtRate' | 'cei';

export interface TrendsReport {
  months: {
    month: string;
    from: string;
    to: string;
    currencies: ({ currency: string } & Record<TrendKpi, TrendFigure>)[];
  }[];
}

export interface RiskView {
  score: number;
  class: 'A' | 'B' | 'C';
  warning: string;
  creditLimit: string;
  currency: string;
  onHold: boolean;
  holdReason: string;
  factors: {
    name: string;
    value: number | string | null;
    contribution: number;
    alert?: { alertId: string; kind: string; note: string | null; since: string };
  }[];
  recommendedTerms?: {
    days: number;
    prepayment: boolean;
    reason: string;
    code:
      | 'class-a-longer'
      | 'class-b-usual'
      | 'class-c-shorter'
      | 'class-c-prepayment'
      | 'open-alert-prepayment';
  } | null;
}

export interface DunningStep {
  stepId: string;
  name: string;
  level: number;
  dueAt: string;
  status: 'scheduled' | 'done' | 'cancelled' | 'skipped';
  executedAt: string | null;
  reason: string | null;
}

export interface DunningCase {
  invoiceId: string;
  status: 'active' | 'paused' | 'blocked' | 'legal' | 'closed';
  closeReason: string | null;
  steps: DunningStep[];
  timeline: { at: string; kind: string; stepId: string | null; detail: Record<string, unknown> }[];
}

export interface CollectorTask {
  taskId: string;
  customerId: string;
  kind: string;
  step: string;
  invoiceIds: string[];
  amount: string;
  currency: string;
  priority: number;
  collectorId: string | null;
  status: 'open' | 'claimed' | 'done' | 'closed';
  closeReason: 'settled' | 'disputed' | 'promised' | 'blocked' | 'legal-withdrawn' | null;
  escalations: number;
  createdAt: string;
  claimedAt: string | null;
  /** Who claimed it and who recorded the outcome (`console:<user>` for a person in the console). */
  claimedBy?: string | null;
  outcomeBy?: string | null;
  outcome: Record<string, unknown> | null;
  queue?: 'collections' | 'legal';
  /** A legal task raised by a posting on the customer: {kind, id, …}. */
  posting?: Record<string, unknown> | null;
}

/** Notices requested in a period, per channel and status (notifications' `/v1/reports/deliveries`). */
export interface DeliveriesReport {
  from: string;
  to: string;
  channels: {
    channel: string;
    counts: { pending: number; sent: number; failed: number; dropped: number };
    total: number;
  }[];
}

export interface NotificationSummary {
  id: string;
  channel: string;
  status: string;
  step: string;
  invoiceIds: string[];
  recipient: string | null;
  requestedAt: string;
  sentAt: string | null;
  failureReason: string | null;
  letterUrl: string | null;
}

export interface OpsStatus {
  consumers: { groupId: string; topic: string; totalLag: string }[];
  outbox: { backlog: number; oldestAgeSeconds: number | null };
  queues: { name: string; counts: Record<string, number> }[];
  deadLetters: { topic: string; messages: string }[];
}

export interface EffectivenessReport {
  dayMs: number;
  rows: {
    policyId: string;
    step: string;
    action: string;
    invoicesDunned: number;
    paidWithin7Days: { cases: number };
    paidWithin14Days: { cases: number };
    paidWithin30Days: { cases: number };
  }[];
}

export interface NotificationDetail extends NotificationSummary {
  customerId: string;
  subject: string | null;
  body: string | null;
}

export interface CasesByLevel {
  levels: { level: number | null; cases: number; inLegal: number }[];
}
