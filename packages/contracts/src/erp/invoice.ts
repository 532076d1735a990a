import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { CurrencyCode, checkMoney, DecimalAmount } from '../money-schema.ts';
import { Reason, text } from '../text.ts';
import { compareDateOrInstant, DateOrInstant } from '../time.ts';

export const ERP_INVOICE_ISSUED = 'erp.invoice.issued';
export const ERP_INVOICE_CANCELLED = 'erp.invoice.cancelled';

/** Early-payment discount: "2/10 net 30" is `{ percent: "2", days: 10 }` on an invoice due in 30 days. */
export const Discount = z.strictObject({
  percent: z
    .string()
    .regex(/^\d{1,2}(\.\d{1,4})?$/, 'must be a decimal string below 100 such as "2" or "2.5"')
    .refine((percent) => /[1-9]/.test(percent), 'must be greater than 0'),
  days: z.int().min(1).max(366),
});
export type Discount = z.infer<typeof Discount>;

// 9999-12-31 (an ERP's "no date") would fall overdue in year 10000, which no ISO 8601 instant names.
const LAST_DUE_DATE_EXCLUSIVE = '9999-12-31';

/** Body of POST /v1/invoices. */
export const InvoiceIssuedData = z
  .strictObject({
    invoiceId: EntityId,
    customerId: EntityId,
    number: text(100),
    currency: CurrencyCode,
    amount: DecimalAmount,
    issueDate: DateOrInstant,
    dueDate: DateOrInstant,
    discount: Discount.optional(),
    reference: text(200).optional(),
  })
  .superRefine(checkMoney('positive', ['amount']))
  .superRefine((invoice, ctx) => {
    const { issueDate, dueDate } = invoice;
    if (!DateOrInstant.safeParse(issueDate).success || !DateOrInstant.safeParse(dueDate).success) return;
    if (compareDateOrInstant(dueDate, issueDate) < 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['dueDate'],
        message: 'must not be before issueDate',
        input: dueDate,
      });
    }
    // The invoice falls overdue when the day after its due date begins: that day must have a date.
    if (dueDate.slice(0, 10) >= LAST_DUE_DATE_EXCLUSIVE) {
      ctx.addIssue({
        code: 'custom',
        path: ['dueDate'],
        message: `must be before ${LAST_DUE_DATE_EXCLUSIVE}`,
        input: dueDate,
      });
    }
  });
export type InvoiceIssuedData = z.infer<typeof InvoiceIssuedData>;

export const InvoiceIssuedEvent = cloudEventSchema(ERP_INVOICE_ISSUED, InvoiceIssuedData);
export type InvoiceIssuedEvent = z.infer<typeof InvoiceIssuedEvent>;

/** Body of POST /v1/invoices/:invoiceId/cancel. */
export const CancelInvoiceBody = z.strictObject({ reason: Reason.optional() });
export type CancelInvoiceBody = z.infer<typeof CancelInvoiceBody>;

export const InvoiceCancelledData = z.strictObject({ invoiceId: EntityId, ...CancelInvoiceBody.shape });
export type InvoiceCancelledData = z.infer<typeof InvoiceCancelledData>;

export const InvoiceCancelledEvent = cloudEventSchema(ERP_INVOICE_CANCELLED, InvoiceCancelledData);
export type InvoiceCancelledEvent = z.infer<typeof InvoiceCancelledEvent>;
