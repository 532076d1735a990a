import type pg from 'pg';

export interface AuditEntry {
  at: Date;
  username: string;
  action: string;
  customer_id: string | null;
  detail: Record<string, unknown>;
}

export async function appendAudit(
  db: pg.Pool,
  entry: { username: string; action: string; customerId?: string; detail?: Record<string, unknown> },
): Promise<void> {
  await db.query({
    text: 'INSERT INTO audit_log (username, action, customer_id, detail) VALUES ($1, $2, $3, $4)',
    values: [entry.username, entry.action, entry.customerId ?? null, entry.detail ?? {}],
  });
}

export async function auditOfCustomer(db: pg.Pool, customerId: string, limit = 50): Promise<AuditEntry[]> {
  const result = await db.query<AuditEntry>({
    text: `SELECT at, username, action, customer_id, detail FROM audit_log
           WHERE customer_id = $1 ORDER BY id DESC LIMIT $2`,
    values: [customerId, limit],
  });
  return result.rows;
}
