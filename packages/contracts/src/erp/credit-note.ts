import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { CurrencyCode, checkMoney, DecimalAmount } from '../money-schema.ts';
import { Reason } from '../text.ts';
import { DateOrInstant } from '../time.ts';

export const ERP_CREDIT_NOTE_ISSUED = 'erp.credit-note.issued';

/** Body of POST /v1/credit-notes. */
export const CreditNoteIssuedData = z
  .strictObject({
    creditNoteId: EntityId,
    invoiceId: EntityId,
    amount: DecimalAmount,
    currency: CurrencyCode,
    issuedAt: DateOrInstant,
    reason: Reason.optional(),
  })
  .superRefine(checkMoney('positive', ['amount']));
export type CreditNoteIssuedData = z.infer<typeof CreditNoteIssuedData>;

export const CreditNoteIssuedEvent = cloudEventSchema(ERP_CREDIT_NOTE_ISSUED, CreditNoteIssuedData);
export type CreditNoteIssuedEvent = z.infer<typeof CreditNoteIssuedEvent>;
