import type { AlertKind } from '@dunning/contracts';
import type pg from 'pg';
import type { CustomerRiskSnapshot } from '../domain/risk-snapshot.ts';

/** Reads what the assessment of one customer needs: open invoices, and history since `since`. */
export async function loadSnapshot(
  db: pg.PoolClient,
  customerId: string,
  since: Date,
): Promise<CustomerRiskSnapshot | undefined> {
  const customer = await db.query<{
    industry: string | null;
    first_seen_at: Date;
    payment_terms_days: number | null;
  }>({
    text: 'SELECT industry, first_seen_at, payment_terms_days FROM risk_customers WHERE customer_id = $1',
    values: [customerId],
  });
  const row = customer.rows[0];
  if (!row) return undefined;
  const values = [customerId, since];
  const [open, issued, payments, settlements, parts, promises, financials, disputes, requests, alerts] = [
    await db.query<{ invoice_id: string; currency: string; balance_minor: string; overdue_at: Date }>({
      text: `SELECT invoice_id, currency, balance_minor, overdue_at FROM risk_invoices
             WHERE customer_id = $1 AND status = 'open' AND balance_minor > 0`,
      values: [customerId],
    }),
    await db.query<{ issued_at: Date; currency: string; amount_minor: string }>({
      text: `SELECT issued_at, currency, amount_minor FROM risk_invoices
             WHERE customer_id = $1 AND issued_at > $2 AND status <> 'cancelled'`,
      values,
    }),
    await db.query<{ received_at: Date; days_late: number }>({
      text: 'SELECT received_at, days_late FROM risk_payments WHERE customer_id = $1 AND received_at > $2',
      values,
    }),
    await db.query<{ settled_at: Date; days_late: number; written_off: boolean }>({
      text: `SELECT settled_at, days_late, written_off FROM risk_settlements
             WHERE customer_id = $1 AND settled_at > $2`,
      values,
    }),
    await db.query<{ paid_at: Date; share: number }>({
      text: 'SELECT paid_at, share FROM risk_part_payments WHERE customer_id = $1 AND paid_at > $2',
      values,
    }),
    await db.query<{ outcome_at: Date; outcome: string }>({
      text: `SELECT outcome_at, outcome FROM risk_promises
             WHERE customer_id = $1 AND outcome IS NOT NULL AND outcome_at > $2`,
      values,
    }),
    await db.query<{ current_ratio: number; quick_ratio: number; debt_ratio: number; period: string }>({
      text: 'SELECT current_ratio, quick_ratio, debt_ratio, period FROM risk_financials WHERE customer_id = $1',
      values: [customerId],
    }),
    await db.query<{ invoice_id: string; amount_minor: string | null }>({
      text: `SELECT invoice_id, amount_minor FROM risk_disputes
             WHERE customer_id = $1 AND opened_at IS NOT NULL AND resolved_at IS NULL`,
      values: [customerId],
    }),
    // A named invoice is still owed when open with a balance or not on file yet; a request naming
    // none stands for every open invoice of the customer (as owedInvoiceIds in domain/risk-profile.ts).
    await db.query<{ step: string; requested_at: Date; owed: string[] }>({
      text: `SELECT r.step, r.requested_at,
                    CASE WHEN cardinality(r.invoice_ids) = 0 THEN
                      ARRAY(SELECT i.invoice_id FROM risk_invoices i
                            WHERE i.customer_id = r.customer_id AND i.status = 'open' AND i.balance_minor > 0)
                    ELSE
                      ARRAY(SELECT named.id FROM unnest(r.invoice_ids) AS named(id)
                            WHERE NOT EXISTS (SELECT 1 FROM risk_invoices i
                                              WHERE i.invoice_id = named.id
                                                AND NOT (i.status = 'open' AND i.balance_minor > 0)))
                    END AS owed
             FROM risk_hold_requests r WHERE r.customer_id = $1`,
      values: [customerId],
    }),
    await db.query<{ alert_id: string; kind: AlertKind; note: string | null; raised_at: Date }>({
      text: `SELECT alert_id, kind, note, raised_at FROM risk_alerts
             WHERE customer_id = $1 AND resolved_at IS NULL ORDER BY raised_at, alert_id`,
      values: [customerId],
    }),
  ];
  const reported = financials.rows[0];
  return {
    customerId,
    industry: row.industry,
    firstSeenAt: row.first_seen_at,
    openInvoices: open.rows.map((r) => ({
      invoiceId: r.invoice_id,
      currency: r.currency,
      balanceMinor: BigInt(r.balance_minor),
      overdueAt: r.overdue_at,
    })),
    issued: issued.rows.map((r) => ({
      at: r.issued_at,
      currency: r.currency,
      amountMinor: BigInt(r.amount_minor),
    })),
    payments: payments.rows.map((r) => ({ at: r.received_at, daysLate: r.days_late })),
    settlements: settlements.rows.map((r) => ({
      at: r.settled_at,
      daysLate: r.days_late,
      writtenOff: r.written_off,
    })),
    partPayments: parts.rows.map((r) => ({ at: r.paid_at, share: r.share })),
    promises: promises.rows.map((r) => ({ at: r.outcome_at, kept: r.outcome === 'kept' })),
    financials: reported
      ? {
          currentRatio: reported.current_ratio,
          quickRatio: reported.quick_ratio,
          debtRatio: reported.debt_ratio,
          period: reported.period,
        }
      : null,
    openDisputes: disputes.rows.map((r) => ({
      invoiceId: r.invoice_id,
      amountMinor: r.amount_minor === null ? null : BigInt(r.amount_minor),
    })),
    holdRequests: requests.rows.map((r) => ({
      step: r.step,
      requestedAt: r.requested_at,
      owedInvoiceIds: r.owed,
    })),
    paymentTermsDays: row.payment_terms_days,
    openAlerts: alerts.rows.map((r) => ({
      alertId: r.alert_id,
      kind: r.kind,
      note: r.note,
      since: r.raised_at,
    })),
  };
}
