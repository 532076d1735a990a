import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { CurrencyCode, checkMoney, DecimalAmount } from '../money-schema.ts';
import { text } from '../text.ts';
import { Instant } from '../time.ts';

export const DUNNING_CHARGE_LEVIED = 'dunning.charge.levied';

/** A dunning fee (once per notice and currency) or late-payment interest (per invoice). */
export const ChargeKind = z.enum(['fee', 'interest']);
export type ChargeKind = z.infer<typeof ChargeKind>;

/**
 * Id of a charge, derived from the notice that levies it (its leading step id), so a notice run again or
 * an event redelivered names the same charge: `<noticeId>.fee.<currency>` or `<noticeId>.interest.<invoiceId>`.
 */
export function chargeIdOf(noticeId: string, kind: ChargeKind, currencyOrInvoiceId: string): string {
  return `${noticeId}.${kind}.${currencyOrInvoiceId}`;
}

/** Days overdue an interest charge covers: after `fromDay`, up to and including `toDay`. */
export const InterestPeriod = z
  .strictObject({
    fromDay: z.int().min(0).meta({ description: 'Days overdue already charged before (exclusive)' }),
    toDay: z.int().min(1).meta({ description: 'Days overdue charged up to (inclusive)' }),
  })
  .refine((p) => p.toDay > p.fromDay, { message: 'toDay must be after fromDay', path: ['toDay'] });
export type InterestPeriod = z.infer<typeof InterestPeriod>;

/**
 * A notice levied a charge; the ledger books it once per `chargeId` as a `charge` item of the customer,
 * kept apart from the invoices' principal.
 */
export const DunningChargeLeviedData = z
  .strictObject({
    chargeId: EntityId,
    noticeId: EntityId.meta({ description: 'The notice (its leading step) that levied the charge' }),
    customerId: EntityId,
    invoiceId: EntityId.optional().meta({ description: 'The invoice an interest charge accrued on' }),
    invoiceIds: z
      .array(EntityId)
      .min(1)
      .meta({ description: 'The invoices of the notice the charge is about (one for interest)' }),
    kind: ChargeKind,
    currency: CurrencyCode,
    amount: DecimalAmount,
    annualRate: z
      .string()
      .max(16)
      .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'must be a decimal string from "0" to "1" such as "0.08"')
      .optional()
      .meta({ description: 'Yearly rate of an interest charge' }),
    principal: DecimalAmount.optional().meta({ description: 'The overdue balance interest accrued on' }),
    period: InterestPeriod.optional().meta({ description: 'Days overdue an interest charge covers' }),
    description: text(200),
    leviedAt: Instant,
  })
  .superRefine(checkMoney('positive', ['amount', 'principal']))
  .superRefine((charge, ctx) => {
    if (charge.kind !== 'interest') return;
    for (const field of ['invoiceId', 'period'] as const) {
      if (charge[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: 'is required for interest' });
    }
  });
export type DunningChargeLeviedData = z.infer<typeof DunningChargeLeviedData>;

export const DunningChargeLeviedEvent = cloudEventSchema(DUNNING_CHARGE_LEVIED, DunningChargeLeviedData);
export type DunningChargeLeviedEvent = z.infer<typeof DunningChargeLeviedEvent>;
