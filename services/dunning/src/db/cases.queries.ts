import type pg from 'pg';

type Db = pg.Pool | pg.PoolClient;

export interface NewCase {
  invoiceId: string;
  customerId: string;
  number: string;
  currency: string;
  amountMinor: bigint;
  balanceMinor: bigint;
  dueDate: string;
  overdueAt: Date;
  policyId: string;
  policyVersion: number;
  eventId: string;
  /** When the ledger recorded the invoice (its issued fact's time): what the balance is as of. */
  balanceAsOf: Date;
  at: Date;
}

export interface CaseRow {
  invoice_id: string;
  customer_id: string;
  number: string;
  currency: string;
  amount_minor: bigint;
  balance_minor: bigint;
  due_date: string;
  status: 'active' | 'paused' | 'closed';
  opened_at: Date;
  overdue_at: Date | null;
  policy_id: string | null;
  policy_version: number | null;
  shift_ms: bigint;
  paused_at: Date | null;
  open_disputes: string[];
  resolved_disputes: string[];
  promise_id: string | null;
  balance_as_of: Date | null;
  closed_at: Date | null;
  close_reason: string | null;
  /** Highest level of a notice the invoice got; null before its first. */
  reached_level: number | null;
  last_notice_at: Date | null;
  /** Handed to legal since (null: not in legal): no notice goes out meanwhile. */
  legal_since: Date | null;
  legal_reason: string | null;
}

export const CASE_COLUMNS = `invoice_id, customer_id, number, currency, amount_minor, balance_minor, due_date, status,
  opened_at, overdue_at, policy_id, policy_version, shift_ms, paused_at, open_disputes, resolved_disputes, promise_id,
  balance_as_of, closed_at, close_reason, reached_level, last_notice_at, legal_since, legal_reason`;

export async function findCase(db: Db, invoiceId: string): Promise<CaseRow | undefined> {
  const result = await db.query<CaseRow>({
    text: `SELECT ${CASE_COLUMNS} FROM dunning_cases WHERE invoice_id = $1`,
    values: [invoiceId],
  });
  return result.rows[0];
}

/** The cases of these invoices (those that have one), in no particular order. */
export async function findCases(db: Db, invoiceIds: readonly string[]): Promise<CaseRow[]> {
  const result = await db.query<CaseRow>({
    text: `SELECT ${CASE_COLUMNS} FROM dunning_cases WHERE invoice_id = ANY($1::text[])`,
    values: [invoiceIds],
  });
  return result.rows;
}

/** The case, locked until the transaction ends: every change to a case goes through this. */
export async function lockCase(tx: pg.PoolClient, invoiceId: string): Promise<CaseRow | undefined> {
  const result = await tx.query<CaseRow>({
    text: `SELECT ${CASE_COLUMNS} FROM dunning_cases WHERE invoice_id = $1 FOR UPDATE`,
    values: [invoiceId],
  });
  return result.rows[0];
}

/** Open (not closed) cases of a customer, locked. */
export async function lockOpenCasesOfCustomer(tx: pg.PoolClient, customerId: string): Promise<CaseRow[]> {
  const result = await tx.query<CaseRow>({
    text: `SELECT ${CASE_COLUMNS} FROM dunning_cases WHERE customer_id = $1 AND status <> 'closed'
           ORDER BY invoice_id FOR UPDATE`,
    values: [customerId],
  });
  return result.rows;
}

export async function updateCaseBalance(
  tx: pg.PoolClient,
  invoiceId: string,
  balanceMinor: bigint,
  asOf: Date,
): Promise<void> {
  await tx.query({
    text: 'UPDATE dunning_cases SET balance_minor = $2, balance_as_of = $3 WHERE invoice_id = $1',
    values: [invoiceId, balanceMinor, asOf],
  });
}

/**
 * Closes the case: the one statement that does. `settled`: nothing is owed any more, so the balance
 * becomes 0 (a payment or credit note, or an invoice that ended before its issue event arrived).
 */
export async function closeCaseRow(
  tx: pg.PoolClient,
  invoiceId: string,
  close: { reason: string; at: Date; settled: boolean },
): Promise<void> {
  await tx.query({
    text: `UPDATE dunning_cases SET status = 'closed', closed_at = $3, close_reason = $2, paused_at = NULL,
             balance_minor = CASE WHEN $4 THEN 0 ELSE balance_minor END
           WHERE invoice_id = $1`,
    values: [invoiceId, close.reason, close.at, close.settled],
  });
}

export interface PauseState {
  status: 'active' | 'paused';
  pausedAt: Date | null;
  openDisputes: string[];
  promiseId: string | null;
  addShiftMs: bigint;
}

export async function savePauseState(tx: pg.PoolClient, invoiceId: string, state: PauseState): Promise<void> {
  await tx.query({
    text: `UPDATE dunning_cases SET status = $2, paused_at = $3, open_disputes = $4, promise_id = $5,
             shift_ms = shift_ms + $6
           WHERE invoice_id = $1`,
    values: [invoiceId, state.status, state.pausedAt, state.openDisputes, state.promiseId, state.addShiftMs],
  });
}

export async function setCasePolicy(
  tx: pg.PoolClient,
  invoiceId: string,
  policyId: string,
  version: number,
): Promise<void> {
  await tx.query({
    text: 'UPDATE dunning_cases SET policy_id = $2, policy_version = $3 WHERE invoice_id = $1',
    values: [invoiceId, policyId, version],
  });
}

export async function recordClosedBeforeIssue(
  tx: pg.PoolClient,
  invoiceId: string,
  reason: string,
  at: Date,
): Promise<void> {
  await tx.query({
    text: `INSERT INTO closed_before_issue (invoice_id, reason, at) VALUES ($1, $2, $3)
           ON CONFLICT (invoice_id) DO NOTHING`,
    values: [invoiceId, reason, at],
  });
}

export async function findClosedBeforeIssue(
  tx: pg.PoolClient,
  invoiceId: string,
): Promise<{ reason: string; at: Date } | undefined> {
  const result = await tx.query<{ reason: string; at: Date }>({
    text: 'SELECT reason, at FROM closed_before_issue WHERE invoice_id = $1',
    values: [invoiceId],
  });
  return result.rows[0];
}

/** Remembers a dispute resolved before its opening arrived, so the late opening does not pause the case. */
export async function rememberResolvedDispute(
  tx: pg.PoolClient,
  invoiceId: string,
  disputeId: string,
): Promise<void> {
  await tx.query({
    text: `UPDATE dunning_cases SET resolved_disputes = array_append(resolved_disputes, $2)
           WHERE invoice_id = $1 AND NOT ($2 = ANY(resolved_disputes))`,
    values: [invoiceId, disputeId],
  });
}

/** A dispute event for an invoice without a case yet; a resolution wins over an opening. */
export async function rememberDisputeBeforeIssue(
  tx: pg.PoolClient,
  invoiceId: string,
  disputeId: string,
  resolved: boolean,
): Promise<void> {
  await tx.query({
    text: `INSERT INTO disputes_before_issue (invoice_id, dispute_id, resolved) VALUES ($1, $2, $3)
           ON CONFLICT (invoice_id, dispute_id)
           DO UPDATE SET resolved = disputes_before_issue.resolved OR excluded.resolved`,
    values: [invoiceId, disputeId, resolved],
  });
}

export async function takeDisputesBeforeIssue(
  tx: pg.PoolClient,
  invoiceId: string,
): Promise<{ dispute_id: string; resolved: boolean }[]> {
  const result = await tx.query<{ dispute_id: string; resolved: boolean }>({
    text: 'DELETE FROM disputes_before_issue WHERE invoice_id = $1 RETURNING dispute_id, resolved',
    values: [invoiceId],
  });
  return result.rows.sort((a, b) => a.dispute_id.localeCompare(b.dispute_id));
}
