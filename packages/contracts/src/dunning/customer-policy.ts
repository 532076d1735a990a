import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { Instant } from '../time.ts';

export const DUNNING_CUSTOMER_POLICY_ASSIGNED = 'dunning.customer-policy.assigned';
export const DUNNING_CUSTOMER_POLICY_UNASSIGNED = 'dunning.customer-policy.unassigned';

/**
 * A policy was assigned to the customer by hand: it wins over the one their risk class selects, and
 * their open cases continue on it from the level they reached.
 */
export const DunningCustomerPolicyAssignedData = z.strictObject({
  customerId: EntityId,
  policyId: EntityId,
  previousPolicyId: EntityId.meta({ description: 'The policy in force before (assigned or by class)' }),
  assignedAt: Instant,
});
export type DunningCustomerPolicyAssignedData = z.infer<typeof DunningCustomerPolicyAssignedData>;

export const DunningCustomerPolicyAssignedEvent = cloudEventSchema(
  DUNNING_CUSTOMER_POLICY_ASSIGNED,
  DunningCustomerPolicyAssignedData,
);
export type DunningCustomerPolicyAssignedEvent = z.infer<typeof DunningCustomerPolicyAssignedEvent>;

/** The customer's assigned policy was removed: the policy of their risk class applies again. */
export const DunningCustomerPolicyUnassignedData = z.strictObject({
  customerId: EntityId,
  policyId: EntityId.meta({ description: "The policy now in force: the risk class's" }),
  previousPolicyId: EntityId.meta({ description: 'The policy that was assigned' }),
  unassignedAt: Instant,
});
export type DunningCustomerPolicyUnassignedData = z.infer<typeof DunningCustomerPolicyUnassignedData>;

export const DunningCustomerPolicyUnassignedEvent = cloudEventSchema(
  DUNNING_CUSTOMER_POLICY_UNASSIGNED,
  DunningCustomerPolicyUnassignedData,
);
export type DunningCustomerPolicyUnassignedEvent = z.infer<typeof DunningCustomerPolicyUnassignedEvent>;
