import pg from 'pg';
import type { StoredStep } from '../oracle/judge.ts';
import type { ServiceName } from '../platform/replicas.ts';

/** Where each service's schema lives: one URL for all, or one per service. */
export type StoreUrls = string | Record<ServiceName, string>;

const schemaOf: Record<ServiceName, string> = {
  invoices: 'invoices',
  'credit-risk': 'credit_risk',
  dunning: 'dunning',
  notifications: 'notifications',
};

/**
 * What the services stored, read straight from their schemas in the suite's own PostgreSQL servers
 * (each service's from the server it lives on). Every query may fail while a server restarts; callers
 * poll.
 */
export class StoredState {
  private readonly pools = new Map<string, pg.Pool>();
  private readonly urls: StoreUrls;

  constructor(urls: StoreUrls) {
    this.urls = urls;
  }

  private pool(service: ServiceName): pg.Pool {
    const url = typeof this.urls === 'string' ? this.urls : this.urls[service];
    let pool = this.pools.get(url);
    if (!pool) {
      pool = new pg.Pool({ connectionString: url, max: 3 });
      pool.on('error', () => {});
      this.pools.set(url, pool);
    }
    return pool;
  }

  /** One count (as int: a process that loaded @dunning/pg reads int8 as BigInt). */
  private async count(service: ServiceName, sql: string, values: unknown[] = []): Promise<number> {
    const { rows } = await this.pool(service).query<{ n: number }>(`SELECT (${sql})::int AS n`, values);
    return Number(rows[0]!.n);
  }

  /** Rows waiting in the four services' outboxes. */
  private async outboxes(): Promise<number> {
    const counts = await Promise.all(
      (Object.keys(schemaOf) as ServiceName[]).map((service) =>
        this.count(service, `SELECT count(*) FROM ${schemaOf[service]}.outbox`),
      ),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  }

  async balances(): Promise<Map<string, bigint>> {
    const { rows } = await this.pool('invoices').query<{ invoice_id: string; balance: string }>(
      'SELECT invoice_id, sum(amount_minor)::text AS balance FROM invoices.invoice_entries GROUP BY invoice_id',
    );
    return new Map(rows.map((row) => [row.invoice_id, BigInt(row.balance)]));
  }

  /** invoice id -> the balance dunning holds for its case. */
  async caseBalances(): Promise<Map<string, bigint>> {
    const { rows } = await this.pool('dunning').query<{ invoice_id: string; balance_minor: string }>(
      'SELECT invoice_id, balance_minor::text AS balance_minor FROM dunning.dunning_cases',
    );
    return new Map(rows.map((row) => [row.invoice_id, BigInt(row.balance_minor)]));
  }

  async steps(): Promise<StoredStep[]> {
    const { rows } = await this.pool('dunning').query<{
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
    const [applied, due, open, outbox] = await Promise.all([
      this.count('invoices', 'SELECT count(*) FROM invoices.processed_events'),
      this.count(
        'dunning',
        `SELECT count(*) FROM dunning.dunning_steps WHERE status = 'scheduled' AND run_at <= now()`,
      ),
      this.count(
        'notifications',
        `SELECT count(*) FROM notifications.deliveries WHERE status IN ('pending', 'sending')`,
      ),
      this.outboxes(),
    ]);
    return Math.max(0, erpEventsSent - applied) + due + open + outbox;
  }

  /** The canary customer reached every service. */
  async everywhere(customerId: string): Promise<boolean> {
    const found = await Promise.all([
      this.count('invoices', 'SELECT count(*) FROM invoices.customers WHERE customer_id = $1', [customerId]),
      this.count('credit-risk', 'SELECT count(*) FROM credit_risk.risk_customers WHERE customer_id = $1', [
        customerId,
      ]),
      this.count('dunning', 'SELECT count(*) FROM dunning.dunning_customers WHERE customer_id = $1', [
        customerId,
      ]),
      this.count('notifications', 'SELECT count(*) FROM notifications.customers WHERE customer_id = $1', [
        customerId,
      ]),
    ]);
    return found.reduce((sum, n) => sum + n, 0) === 4;
  }

  /** Steps overdue by more than `lateMs`: zero once the timers are armed again after a fault. */
  async overdueSteps(lateMs: number): Promise<number> {
    return this.count(
      'dunning',
      `SELECT count(*) FROM dunning.dunning_steps
        WHERE status = 'scheduled' AND run_at < now() - make_interval(secs => $1::float8 / 1000)`,
      [lateMs],
    );
  }

  /**
   * Nothing left to do: every ERP event applied, no step scheduled, every notice asked for has reached
   * notifications and none is open there, outboxes empty.
   */
  async drained(erpEventsDistinct: number): Promise<{ done: boolean; detail: string }> {
    const [applied, scheduled, notices, deliveries, open, outbox] = await Promise.all([
      this.count('invoices', 'SELECT count(*) FROM invoices.processed_events'),
      this.count('dunning', `SELECT count(*) FROM dunning.dunning_steps WHERE status = 'scheduled'`),
      this.count(
        'dunning',
        `SELECT count(*) FROM dunning.step_actions WHERE action IN ('email', 'sms', 'letter')`,
      ),
      this.count('notifications', 'SELECT count(*) FROM notifications.deliveries'),
      this.count(
        'notifications',
        `SELECT count(*) FROM notifications.deliveries WHERE status IN ('pending', 'sending')`,
      ),
      this.outboxes(),
    ]);
    const row = { applied, scheduled, notices, deliveries, open, outbox };
    const done =
      applied >= erpEventsDistinct && scheduled === 0 && deliveries >= notices && open === 0 && outbox === 0;
    return { done, detail: JSON.stringify(row) };
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
  }
}
