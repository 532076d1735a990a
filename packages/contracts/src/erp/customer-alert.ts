import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { Reason } from '../text.ts';
import { Instant } from '../time.ts';

export const ERP_CUSTOMER_ALERT = 'erp.customer.alert';
export const ERP_CUSTOMER_ALERT_RESOLVED = 'erp.customer.alert-resolved';

/** A business anomaly of a customer: each one turns the customer red and holds credit while open. */
export const AlertKind = z.enum(['litigation', 'equity-change', 'management-change', 'regulatory', 'other']);
export type AlertKind = z.infer<typeof AlertKind>;

/** Body of POST /v1/customers/:customerId/alerts (credit-risk). */
export const RaiseAlertBody = z.strictObject({
  alertId: EntityId,
  kind: AlertKind,
  note: Reason.optional(),
});
export type RaiseAlertBody = z.infer<typeof RaiseAlertBody>;

/** Body of POST /v1/alerts/:alertId/resolve (credit-risk). */
export const ResolveAlertBody = z.strictObject({ note: Reason.optional() });
export type ResolveAlertBody = z.infer<typeof ResolveAlertBody>;

export const CustomerAlertData = z.strictObject({
  customerId: EntityId,
  ...RaiseAlertBody.shape,
  raisedAt: Instant,
});
export type CustomerAlertData = z.infer<typeof CustomerAlertData>;

export const CustomerAlertEvent = cloudEventSchema(ERP_CUSTOMER_ALERT, CustomerAlertData);
export type CustomerAlertEvent = z.infer<typeof CustomerAlertEvent>;

/**
 * The anomaly is over. A second event rather than a `resolved` form of the first: an alert's raising
 * is kept as it was (same alertId, same body: a repeat), and its end is a fact of its own, with a time.
 */
export const CustomerAlertResolvedData = z.strictObject({
  alertId: EntityId,
  customerId: EntityId,
  ...ResolveAlertBody.shape,
  resolvedAt: Instant,
});
export type CustomerAlertResolvedData = z.infer<typeof CustomerAlertResolvedData>;

export const CustomerAlertResolvedEvent = cloudEventSchema(
  ERP_CUSTOMER_ALERT_RESOLVED,
  CustomerAlertResolvedData,
);
export type CustomerAlertResolvedEvent = z.infer<typeof CustomerAlertResolvedEvent>;
