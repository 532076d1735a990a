import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { CurrencyCode, checkMoney, checkNotAbove, DecimalAmount } from '../money-schema.ts';
import { Name, text } from '../text.ts';
import { DateOrInstant, Instant, IsoDate } from '../time.ts';

export const DUNNING_ACTION_REQUESTED = 'dunning.action.requested';

/** How a notice reaches the customer: email, SMS, or a printed PDF letter. */
export const Channel = z.enum(['email', 'sms', 'letter']);
export type Channel = z.infer<typeof Channel>;

/**
 * Where a notice goes when its channel fails for good (permanent SMTP error or bounce, SMS gateway 4xx,
 * opted out): channel → fallback channel. A channel not named has no fallback.
 */
export const FallbackChannels = z
  .strictObject({ email: Channel.optional(), sms: Channel.optional(), letter: Channel.optional() })
  .superRefine((map, ctx) => {
    for (const [from, to] of Object.entries(map)) {
      if (from === to) ctx.addIssue({ code: 'custom', path: [from], message: 'must name another channel' });
    }
  });
export type FallbackChannels = z.infer<typeof FallbackChannels>;

/** Name of a dunning step: 'reminder', 'overdue-notice', 'final-notice', 'legal-letter' or a custom one. */
export const StepName = text(100).meta({
  description: "Dunning step, e.g. 'reminder', 'overdue-notice', 'final-notice', 'legal-letter'",
});
export type StepName = z.infer<typeof StepName>;

/** One invoice a notice is about. `daysOverdue` is negative for a reminder before the due date. */
export const DunnedInvoice = z
  .strictObject({
    invoiceId: EntityId,
    number: text(100),
    currency: CurrencyCode,
    amount: DecimalAmount,
    balance: DecimalAmount,
    dueDate: DateOrInstant,
    daysOverdue: z.int(),
    level: z
      .int()
      .min(0)
      .max(4)
      .meta({
        description:
          "This invoice's dunning level in the notice (0 courtesy, 1 reminder, 2 overdue notice, 3 final notice, 4 legal letter); the notice's own level is the highest of them",
      })
      .optional(),
  })
  .superRefine(checkMoney('positive', ['amount', 'balance']))
  .superRefine(checkNotAbove('balance', 'amount'));
export type DunnedInvoice = z.infer<typeof DunnedInvoice>;

/**
 * A dunning fee or late-payment interest charged with a notice. Interest adds up over every invoice
 * of the notice in that currency, so it is a sum and may exceed what one stored amount holds.
 */
export const DunningCharge = z
  .strictObject({
    chargeId: EntityId.optional().meta({
      description: 'Id of the charge as levied (dunning.charge.levied) and booked by the ledger',
    }),
    invoiceId: EntityId.optional().meta({ description: 'The invoice an interest charge accrued on' }),
    kind: z.enum(['fee', 'interest']),
    description: text(200),
    amount: DecimalAmount,
    currency: CurrencyCode,
    annualRate: z
      .string()
      .max(16)
      .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'must be a decimal string from "0" to "1" such as "0.08"')
      .meta({ description: 'The yearly interest rate an interest charge is computed at ("0.08" is 8 %)' })
      .optional(),
  })
  .superRefine(checkMoney('positive', ['amount'], 'sum'));
export type DunningCharge = z.infer<typeof DunningCharge>;

/** A charge levied by an earlier notice that the ledger booked and that is still open (not waived). */
export const OpenCharge = z
  .strictObject({
    chargeId: EntityId,
    kind: z.enum(['fee', 'interest']),
    invoiceId: EntityId.optional(),
    currency: CurrencyCode,
    amount: DecimalAmount,
    leviedAt: Instant,
  })
  .superRefine(checkMoney('positive', ['amount']));
export type OpenCharge = z.infer<typeof OpenCharge>;

/** The collector in charge of the customer, named in the notice as the contact. */
export const CollectorContact = z.strictObject({
  collectorId: EntityId,
  name: Name,
  email: z.email().max(254).optional(),
  phone: z.e164().optional(),
});
export type CollectorContact = z.infer<typeof CollectorContact>;

/**
 * A dunning step ran and asks for one notice on one channel. The notifications service delivers it once
 * per `actionId`, which is unique per step run and channel.
 */
export const DunningActionRequestedData = z
  .strictObject({
    actionId: EntityId,
    customerId: EntityId,
    policyId: EntityId,
    policyVersion: z.int().min(1),
    step: StepName,
    level: z.int().min(0).max(4).meta({ description: 'Dunning level, the same scale in every policy' }),
    channel: Channel,
    templateKey: text(200),
    invoices: z.array(DunnedInvoice).min(1),
    charges: z.array(DunningCharge).default([]),
    openCharges: z
      .array(OpenCharge)
      .max(500)
      .optional()
      .meta({ description: "Earlier notices' charges in the notice's currency, booked and still open" }),
    deadline: IsoDate.meta({ description: 'Pay by this date' }).optional(),
    collector: CollectorContact.optional(),
    fallbackChannels: FallbackChannels.meta({
      description:
        "The policy's fallback channels for this notice (without the channels its step sends on anyway); absent: no fallback",
    }).optional(),
    requestedAt: Instant,
  })
  .superRefine((action, ctx) => {
    if (!Array.isArray(action.invoices)) return;
    const seen = new Set<string>();
    for (const [index, invoice] of action.invoices.entries()) {
      const invoiceId = (invoice as Partial<DunnedInvoice> | null)?.invoiceId;
      if (typeof invoiceId !== 'string') continue;
      if (seen.has(invoiceId)) {
        ctx.addIssue({ code: 'custom', path: ['invoices', index, 'invoiceId'], message: 'is repeated' });
      }
      seen.add(invoiceId);
    }
  });
export type DunningActionRequestedData = z.infer<typeof DunningActionRequestedData>;

export const DunningActionRequestedEvent = cloudEventSchema(
  DUNNING_ACTION_REQUESTED,
  DunningActionRequestedData,
);
export type DunningActionRequestedEvent = z.infer<typeof DunningActionRequestedEvent>;
