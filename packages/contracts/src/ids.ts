import { z } from 'zod';

/**
 * Id of a business entity (customer, invoice, payment...). The character set keeps ids usable in
 * BullMQ job ids (no ':'), Redis keys and URLs without escaping.
 */
export const EntityId = z
  .string()
  .min(1, { abort: true })
  .max(100, { abort: true })
  .regex(/^[A-Za-z0-9._-]+$/, 'may only contain letters, digits, ".", "_" and "-"');
export type EntityId = z.infer<typeof EntityId>;

/** A list of entity ids (invoices of one notice, one promise...) in which no id repeats. */
export function entityIdList(min = 0) {
  return z
    .array(EntityId)
    .min(min)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an id');
}
