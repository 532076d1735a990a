import { formatMinorUnits } from '@dunning/contracts';
import { z } from 'zod';
import type { ChargeRow } from '../db/charges.queries.ts';

/** A dunning charge as the ledger holds it: an item of the customer apart from any invoice's principal. */
export const ChargeView = z.object({
  kind: z.literal('charge').meta({ description: 'Always `charge`: tells charges from invoices among items' }),
  chargeId: z.string(),
  chargeKind: z.enum(['fee', 'interest']),
  customerId: z.string(),
  noticeId: z.string().meta({ description: 'The dunning notice (its leading step) that levied it' }),
  invoiceId: z.string().nullable().meta({ description: 'The invoice an interest charge accrued on' }),
  invoiceIds: z.array(z.string()).meta({ description: 'The invoices the charge is about' }),
  currency: z.string(),
  amount: z.string().meta({ description: 'As levied, decimal string' }),
  open: z.string().meta({ description: 'Still owed: the amount, or 0 once waived' }),
  status: z.enum(['open', 'waived']),
  description: z.string(),
  annualRate: z.string().nullable(),
  principal: z.string().nullable().meta({ description: 'The overdue balance interest accrued on' }),
  period: z
    .object({ fromDay: z.int(), toDay: z.int() })
    .nullable()
    .meta({ description: 'Days overdue an interest charge covers: after fromDay, up to toDay' }),
  leviedAt: z.string(),
  bookedAt: z.string(),
  waivedAt: z.string().nullable(),
  waiveReason: z.string().nullable(),
  waivedBy: z.string().nullable().meta({ description: 'Name of the API key that waived it' }),
});
export type ChargeView = z.infer<typeof ChargeView>;

export function toChargeView(row: ChargeRow): ChargeView {
  const money = (minor: bigint) => formatMinorUnits(minor, row.currency);
  return {
    kind: 'charge',
    chargeId: row.charge_id,
    chargeKind: row.kind,
    customerId: row.customer_id,
    noticeId: row.notice_id,
    invoiceId: row.invoice_id,
    invoiceIds: row.invoice_ids,
    currency: row.currency,
    amount: money(row.amount_minor),
    open: money(row.waived_at === null ? row.amount_minor : 0n),
    status: row.waived_at === null ? 'open' : 'waived',
    description: row.description,
    annualRate: row.annual_rate,
    principal: row.principal_minor === null ? null : money(row.principal_minor),
    period:
      row.period_from === null || row.period_to === null
        ? null
        : { fromDay: row.period_from, toDay: row.period_to },
    leviedAt: row.levied_at.toISOString(),
    bookedAt: row.booked_at.toISOString(),
    waivedAt: row.waived_at?.toISOString() ?? null,
    waiveReason: row.waive_reason,
    waivedBy: row.waived_by,
  };
}
