import pg from 'pg';
import type { StoredStep } from '../oracle/judge.ts';

/**
 * What the services stored, read straight from their schemas in the suite's own PostgreSQL. Every
 * query may fail while PostgreSQL restarts; callers poll.
 */
export class StoredState {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
    this.pool.on('error', () => {});
  }

  async balances(): Promise<Map<string, bigint>> {
    const { rows } = await this.pool.query<{ invoice_id: string; balance: string }>(
      'SELECT invoice_id, sum(amount_minor)::text AS balance FROM invoices.invoice_entries GROUP BY invoice_id',
    );
    return new Map(rows.map((row) => [row.invoice_id, BigInt(row.balance)]));
  }

  /** invoice id -> the balance dunning holds for its case. */
  async caseBalances(): Promise<Map<string, bigint>> {
    const { rows } = await this.pool.query<{ invoice_id: string; balance_minor: string }>(
      'SELECT invoice_id, balance_minor::text AS balance_minor FROM dunning.dunning_cases',
    );
    return new Map(rows.map((row) => [row.invoice_id, BigInt(row.balance_minor)]));
  }

  async steps(): Promise<StoredStep[]> {
    const { rows } = await this.pool.query<{
      step_id: string;
      invoice_id: string;
      notice_step_id: string | null;
      status_reason: string | null;
      name: string;
      level: number;
      status: StoredStep['status'];
      run_at: Date;
      actions: string[] | null;
    }>(
      `SELECT step_id, invoice_id, notice_step_id, status_reason, name, level, status, run_at,
              definition->'actions' AS actions
         FROM dunning.dunning_steps`,
    );
    return rows.map((row) => ({
      stepId: row.step_id,
      invoiceId: row.invoice_id,
      noticeStepId: row.notice_step_id,
      statusReason: row.status_reason,
      name: row.name,
      level: row.level,
      status: row.status,
      runAt: row.run_at,
      channels: (row.actions ?? []).filter((action) => ['email', 'sms', 'letter'].includes(action)),
    }));
  }

  /** Work the platform has accepted but not finished: the figure "events in flight" of a fault. */
  async inFlight(erpEventsSent: number): Promise<number> {
    const { rows } = await this.pool.query<{ applied: string; due: string; open: string; outbox: string }>(`
      SELECT (SELECT count(*) FROM invoices.processed_events) AS applied,
             (SELECT count(*) FROM dunning.dunning_steps WHERE status = 'scheduled' AND run_at <= now()) AS due,
             (SELECT count(*) FROM notifications.deliveries WHERE status IN ('pending', 'sending')) AS open,
             (SELECT (SELECT count(*) FROM invoices.outbox) + (SELECT count(*) FROM credit_risk.outbox)
                   + (SELECT count(*) FROM dunning.outbox) + (SELECT count(*) FROM notifications.outbox)) AS outbox`);
    const row = rows[0]!;
    return (
      Math.max(0, erpEventsSent - Number(row.applied)) +
      Number(row.due) +
      Number(row.open) +
      Number(row.outbox)
    );
  }

  /** The canary customer reached every service. */
  async everywhere(customerId: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM invoices.customers WHERE customer_id = $1)
            + (SELECT count(*) FROM credit_risk.risk_customers WHERE customer_id = $1)
            + (SELECT count(*) FROM dunning.dunning_customers WHERE customer_id = $1)
            + (SELECT count(*) FROM notifications.customers WHERE customer_id = $1) AS n`,
      [customerId],
    );
    return Number(rows[0]!.n) === 4;
  }

  /** Steps overdue by more than `lateMs`: zero once the timers are armed again after a fault. */
  async overdueSteps(lateMs: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM dunning.dunning_steps
        WHERE status = 'scheduled' AND run_at < now() - make_interval(secs => $1::float8 / 1000)`,
      [lateMs],
    );
    return Number(rows[0]!.n);
  }

  /**
   * Nothing left to do: every ERP event applied, no step scheduled, every notice asked for has reached
   * notifications and none is open there, outboxes empty.
   */
  async drained(erpEventsDistinct: number): Promise<{ done: boolean; detail: string }> {
    // Counts as int, not int8: a process that loaded @dunning/pg reads int8 as BigInt, which the
    // progress line below could not print as JSON.
    const { rows } = await this.pool.query<Record<string, number>>(`
      SELECT (SELECT count(*)::int FROM invoices.processed_events) AS applied,
             (SELECT count(*)::int FROM dunning.dunning_steps WHERE status = 'scheduled') AS scheduled,
             (SELECT count(*)::int FROM dunning.step_actions WHERE action IN ('email', 'sms', 'letter')) AS notices,
             (SELECT count(*)::int FROM notifications.deliveries) AS deliveries,
             (SELECT count(*)::int FROM notifications.deliveries WHERE status IN ('pending', 'sending')) AS open,
             (SELECT (SELECT count(*) FROM invoices.outbox) + (SELECT count(*) FROM credit_risk.outbox)
                   + (SELECT count(*) FROM dunning.outbox) + (SELECT count(*) FROM notifications.outbox))::int AS outbox`);
    const row = rows[0]!;
    const done =
      Number(row.applied) >= erpEventsDistinct &&
      Number(row.scheduled) === 0 &&
      Number(row.deliveries) >= Number(row.notices) &&
      Number(row.open) === 0 &&
      Number(row.outbox) === 0;
    return { done, detail: JSON.stringify(row) };
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
