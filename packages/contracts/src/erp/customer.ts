import { z } from 'zod';
import { CountryCode } from '../countries.ts';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { Name, text } from '../text.ts';
import { Locale, TimeZone } from '../time.ts';

export const ERP_CUSTOMER_UPSERTED = 'erp.customer.upserted';

export const Address = z.strictObject({
  line1: Name,
  line2: Name.optional(),
  city: text(100),
  postalCode: text(20).optional(),
  country: CountryCode,
});
export type Address = z.infer<typeof Address>;

/** Body of PUT /v1/customers/:customerId. */
export const CustomerUpsertBody = z.strictObject({
  name: Name,
  email: z.email().max(254).optional(),
  // E.164 because the SMS gateway needs it; ERPs must send "+8613800138000", not local formats.
  phone: z.e164().optional(),
  locale: Locale,
  timezone: TimeZone,
  industry: text(100),
  address: Address,
  paymentTermsDays: z.int().min(0).max(366),
  collectorId: EntityId,
});
export type CustomerUpsertBody = z.infer<typeof CustomerUpsertBody>;

export const CustomerUpsertedData = z.strictObject({ customerId: EntityId, ...CustomerUpsertBody.shape });
export type CustomerUpsertedData = z.infer<typeof CustomerUpsertedData>;

export const CustomerUpsertedEvent = cloudEventSchema(ERP_CUSTOMER_UPSERTED, CustomerUpsertedData);
export type CustomerUpsertedEvent = z.infer<typeof CustomerUpsertedEvent>;
