import { DunningActionRequestedData } from '@dunning/contracts';
import { describe, expect, it } from 'vitest';
import { standardPolicy } from '../src/domain/default-policies.ts';
import { noticeFallbacks } from '../src/domain/fallback-channels.ts';
import { PolicyBody, withPolicyDefaults } from '../src/domain/policy.ts';

describe('fallback channels (policy data)', () => {
  it('defaults to email → letter and sms → email, also for policies stored before the field', () => {
    expect(PolicyBody.parse(standardPolicy).fallbackChannels).toEqual({ email: 'letter', sms: 'email' });
    const { fallbackChannels: _, ...stored } = PolicyBody.parse(standardPolicy);
    expect(withPolicyDefaults(stored).fallbackChannels).toEqual({ email: 'letter', sms: 'email' });
  });

  it.each([
    [{ email: 'sms' }, true],
    [{ email: null, sms: 'letter', letter: 'email' }, true],
    [{}, true],
    [{ email: 'email' }, false],
    [{ sms: 'fax' }, false],
    [{ phone: 'email' }, false],
  ])('validates %j (valid: %s), naming the failing field', (fallbackChannels, valid) => {
    const result = PolicyBody.safeParse({ ...standardPolicy, fallbackChannels });
    expect(result.success).toBe(valid);
    if (!result.success) expect(result.error.issues[0]?.path[0]).toBe('fallbackChannels');
  });

  it.each([
    ['default, email-only step', { email: 'letter', sms: 'email' }, ['email'], { email: 'letter' }],
    ['step already prints the letter', { email: 'letter', sms: 'email' }, ['email', 'letter'], {}],
    ['step sends sms and email', { email: 'letter', sms: 'email' }, ['sms', 'email'], { email: 'letter' }],
    ['none by null', { email: null, sms: null }, ['email'], {}],
    ['no policy data', undefined, ['email'], {}],
    ['a chain', { sms: 'email', email: 'letter', letter: null }, ['sms'], { sms: 'email', email: 'letter' }],
  ] as const)('a notice carries the fallbacks: %s', (_, policy, stepChannels, expected) => {
    expect(noticeFallbacks(policy, stepChannels)).toEqual(expected);
  });

  it('is carried on dunning.action.requested, and a self-fallback is rejected there too', () => {
    const action = {
      actionId: 'step-1.email',
      customerId: 'c-1',
      policyId: 'standard',
      policyVersion: 1,
      step: 'reminder',
      level: 1,
      channel: 'email',
      templateKey: 'reminder',
      invoices: [
        {
          invoiceId: 'i-1',
          number: 'INV-1',
          currency: 'JPY',
          amount: '1000',
          balance: '1000',
          dueDate: '2026-11-30',
          daysOverdue: 7,
        },
      ],
      requestedAt: '2026-12-07T01:00:00Z',
    };
    expect(DunningActionRequestedData.safeParse(action).success).toBe(true);
    const withFallback = { ...action, fallbackChannels: { email: 'letter' } };
    expect(DunningActionRequestedData.parse(withFallback).fallbackChannels).toEqual({ email: 'letter' });
    const looping = { ...action, fallbackChannels: { email: 'email' } };
    const result = DunningActionRequestedData.safeParse(looping);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['fallbackChannels', 'email']);
  });
});
