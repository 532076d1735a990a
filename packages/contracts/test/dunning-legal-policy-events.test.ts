import { describe, expect, it } from 'vitest';
import {
  DunningCaseLegalHandedOverData,
  DunningCaseLegalWithdrawnData,
  DunningCustomerPolicyAssignedData,
  DunningCustomerPolicyUnassignedData,
  DunningEvent,
} from '../src/index.ts';
import { issuePaths } from './samples.ts';

const at = '2026-12-05T10:00:00.000Z';
const assigned = { customerId: 'c-1', policyId: 'high-risk', previousPolicyId: 'standard', assignedAt: at };
const unassigned = {
  customerId: 'c-1',
  policyId: 'standard',
  previousPolicyId: 'high-risk',
  unassignedAt: at,
};
const handedOver = {
  invoiceId: 'i-1',
  customerId: 'c-1',
  reason: 'no answer to three calls',
  step: 'legal-letter',
  by: 'policy',
  handedOverAt: at,
};
const withdrawn = {
  invoiceId: 'i-1',
  customerId: 'c-1',
  reason: 'plan agreed',
  by: 'console',
  withdrawnAt: at,
};

describe('per-customer policy events', () => {
  it('accept an assignment and an unassignment', () => {
    expect(DunningCustomerPolicyAssignedData.parse(assigned)).toEqual(assigned);
    expect(DunningCustomerPolicyUnassignedData.parse(unassigned)).toEqual(unassigned);
  });

  it.each([
    ['a policy id with a space', { policyId: 'high risk' }, ['policyId']],
    ['no previous policy', { previousPolicyId: undefined }, ['previousPolicyId']],
    ['a local time', { assignedAt: '2026-12-05T10:00:00' }, ['assignedAt']],
    ['an unknown field', { source: 'assigned' }, ['']],
  ])('reject %s', (_, change, paths) => {
    expect(issuePaths(DunningCustomerPolicyAssignedData, { ...assigned, ...change })).toEqual(paths);
  });
});

describe('legal hand-over events', () => {
  it('accept a hand-over by a step, one by hand (no step) and a withdrawal', () => {
    expect(DunningCaseLegalHandedOverData.parse(handedOver)).toEqual(handedOver);
    const { step: _step, ...byHand } = handedOver;
    expect(DunningCaseLegalHandedOverData.parse({ ...byHand, by: 'console' })).toEqual({
      ...byHand,
      by: 'console',
    });
    expect(DunningCaseLegalWithdrawnData.parse(withdrawn)).toEqual(withdrawn);
  });

  it.each([
    ['no reason', { reason: undefined }, ['reason']],
    ['an empty reason', { reason: '' }, ['reason']],
    ['no one who did it', { by: undefined }, ['by']],
  ])('reject %s', (_, change, paths) => {
    expect(issuePaths(DunningCaseLegalHandedOverData, { ...handedOver, ...change })).toEqual(paths);
    expect(issuePaths(DunningCaseLegalWithdrawnData, { ...withdrawn, ...change })).toEqual(paths);
  });

  it('are dunning topic events, told apart by type', () => {
    const event = {
      specversion: '1.0',
      id: 'e-1',
      source: '/services/dunning',
      type: 'dunning.case.legal-handed-over',
      time: at,
      datacontenttype: 'application/json',
      data: handedOver,
    };
    expect(DunningEvent.parse(event).type).toBe('dunning.case.legal-handed-over');
    expect(() => DunningEvent.parse({ ...event, type: 'dunning.case.legal-withdrawn' })).toThrow();
  });
});
