import {
  type DunningChargeLeviedData,
  formatMinorUnits,
  LEDGER_CHARGE_BOOKED,
  LEDGER_CHARGE_WAIVED,
  toMinorUnits,
} from '@dunning/contracts';
import type pg from 'pg';
import { type ChargeRow, findCharge, insertCharge, markChargeWaived } from '../db/charges.queries.ts';
import type { CommandContext } from './command-context.ts';
import { addFact, type LedgerFacts, publishFacts } from './ledger-events.ts';

function chargeFacts(row: ChargeRow) {
  return {
    chargeId: row.charge_id,
    customerId: row.customer_id,
    ...(row.invoice_id === null ? {} : { invoiceId: row.invoice_id }),
    invoiceIds: row.invoice_ids,
    kind: row.kind,
    currency: row.currency,
    amount: formatMinorUnits(row.amount_minor, row.currency),
  };
}

/**
 * Books a charge a dunning notice levied, once per chargeId: the charges table's primary key makes a
 * redelivered event, a replay, or the same charge under another event id book nothing more.
 */
export async function bookCharge(
  tx: pg.PoolClient,
  context: CommandContext,
  data: DunningChargeLeviedData,
  eventId: string,
): Promise<'booked' | 'duplicate'> {
  const row = await insertCharge(tx, {
    charge_id: data.chargeId,
    customer_id: data.customerId,
    notice_id: data.noticeId,
    invoice_id: data.invoiceId ?? null,
    invoice_ids: data.invoiceIds,
    kind: data.kind,
    currency: data.currency,
    amount_minor: toMinorUnits(data.amount, data.currency),
    description: data.description,
    annual_rate: data.annualRate ?? null,
    principal_minor: data.principal === undefined ? null : toMinorUnits(data.principal, data.currency),
    period_from: data.period?.fromDay ?? null,
    period_to: data.period?.toDay ?? null,
    levied_at: new Date(data.leviedAt),
    booked_at: context.now(),
    source_event_id: eventId,
  });
  if (!row) return 'duplicate';
  const facts: LedgerFacts = [];
  addFact(facts, context, row.customer_id, {
    type: LEDGER_CHARGE_BOOKED,
    id: `${row.charge_id}.booked`,
    data: {
      ...chargeFacts(row),
      leviedAt: row.levied_at.toISOString(),
      bookedAt: row.booked_at.toISOString(),
    },
  });
  await publishFacts(tx, context, facts);
  return 'booked';
}

export type WaiveOutcome =
  | { status: 'waived'; charge: ChargeRow }
  | { status: 'already-waived'; charge: ChargeRow }
  | { status: 'missing' };

/**
 * Waives a charge: books its reversal (it is no longer owed) and publishes `ledger.charge.waived`.
 * Waiving a waived charge changes nothing and answers it as it stands (the first reason stays).
 */
export async function waiveCharge(
  tx: pg.PoolClient,
  context: CommandContext,
  chargeId: string,
  reason: string,
  by: string | null,
): Promise<WaiveOutcome> {
  const current = await findCharge(tx, chargeId, true);
  if (!current) return { status: 'missing' };
  if (current.waived_at !== null) return { status: 'already-waived', charge: current };
  const row = (await markChargeWaived(tx, chargeId, reason, by, context.now()))!;
  const facts: LedgerFacts = [];
  addFact(facts, context, row.customer_id, {
    type: LEDGER_CHARGE_WAIVED,
    id: `${row.charge_id}.waived`,
    data: { ...chargeFacts(row), reason, waivedAt: row.waived_at!.toISOString() },
  });
  await publishFacts(tx, context, facts);
  return { status: 'waived', charge: row };
}
