import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { CurrencyCode, checkMoney, DecimalAmount } from '../money-schema.ts';
import { DateOrInstant } from '../time.ts';

export const ERP_PAYMENT_RECEIVED = 'erp.payment.received';

/**
 * Body of POST /v1/payments. With `invoiceId` the payment is applied to that invoice; with `customerId`
 * it is unapplied and settles that customer's invoices oldest first.
 */
export const PaymentReceivedData = z
  .strictObject({
    paymentId: EntityId,
    amount: DecimalAmount,
    currency: CurrencyCode,
    receivedAt: DateOrInstant,
    invoiceId: EntityId.optional(),
    customerId: EntityId.optional(),
  })
  .superRefine(checkMoney('positive', ['amount']))
  .superRefine((payment, ctx) => {
    const hasInvoice = payment.invoiceId !== undefined;
    const hasCustomer = payment.customerId !== undefined;
    if (hasInvoice && hasCustomer) {
      ctx.addIssue({ code: 'custom', path: ['customerId'], message: 'must not be given with invoiceId' });
    } else if (!hasInvoice && !hasCustomer) {
      ctx.addIssue({ code: 'custom', path: ['invoiceId'], message: 'invoiceId or customerId is required' });
    }
  })
  // JSON Schema cannot see the refinement above; this states the same rule for schema readers.
  .meta({ oneOf: [{ required: ['invoiceId'] }, { required: ['customerId'] }] });
export type PaymentReceivedData = z.infer<typeof PaymentReceivedData>;

export const PaymentReceivedEvent = cloudEventSchema(ERP_PAYMENT_RECEIVED, PaymentReceivedData);
export type PaymentReceivedEvent = z.infer<typeof PaymentReceivedEvent>;
