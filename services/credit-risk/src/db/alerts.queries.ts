import type { AlertKind } from '@dunning/contracts';
import type pg from 'pg';

export interface StoredAlert {
  alertId: string;
  customerId: string;
  kind: AlertKind;
  note: string | null;
  raisedAt: Date;
  resolvedAt: Date | null;
  resolutionNote: string | null;
}

interface AlertRow {
  alert_id: string;
  customer_id: string;
  kind: AlertKind;
  note: string | null;
  raised_at: Date;
  resolved_at: Date | null;
  resolution_note: string | null;
}

const fromRow = (row: AlertRow): StoredAlert => ({
  alertId: row.alert_id,
  customerId: row.customer_id,
  kind: row.kind,
  note: row.note,
  raisedAt: row.raised_at,
  resolvedAt: row.resolved_at,
  resolutionNote: row.resolution_note,
});

/** Keeps a new alert; undefined when its id is taken already (the caller compares the bodies). */
export async function insertAlert(
  tx: pg.PoolClient,
  alert: Omit<StoredAlert, 'resolvedAt' | 'resolutionNote'>,
): Promise<StoredAlert | undefined> {
  const result = await tx.query<AlertRow>({
    text: `INSERT INTO risk_alerts (alert_id, customer_id, kind, note, raised_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (alert_id) DO NOTHING RETURNING *`,
    values: [alert.alertId, alert.customerId, alert.kind, alert.note, alert.raisedAt],
  });
  return result.rows[0] ? fromRow(result.rows[0]) : undefined;
}

export async function findAlert(
  db: pg.Pool | pg.PoolClient,
  alertId: string,
): Promise<StoredAlert | undefined> {
  const result = await db.query<AlertRow>({
    text: 'SELECT * FROM risk_alerts WHERE alert_id = $1',
    values: [alertId],
  });
  return result.rows[0] ? fromRow(result.rows[0]) : undefined;
}

/** Resolves an open alert; undefined when it is unknown or resolved already. */
export async function markAlertResolved(
  tx: pg.PoolClient,
  input: { alertId: string; resolvedAt: Date; note: string | null },
): Promise<StoredAlert | undefined> {
  const result = await tx.query<AlertRow>({
    text: `UPDATE risk_alerts SET resolved_at = $2, resolution_note = $3
           WHERE alert_id = $1 AND resolved_at IS NULL RETURNING *`,
    values: [input.alertId, input.resolvedAt, input.note],
  });
  return result.rows[0] ? fromRow(result.rows[0]) : undefined;
}
