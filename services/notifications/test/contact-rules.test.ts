import { describe, expect, it } from 'vitest';
import { type ContactRuleInput, decideContact, isQuiet } from '../src/domain/contact-rules.ts';
import { deliveryIdFor, messageIdFor } from '../src/domain/delivery-id.ts';

const REAL_DAY = 86_400_000;

function input(overrides: Partial<ContactRuleInput>): ContactRuleInput {
  return {
    channel: 'email',
    preferences: undefined,
    timeZone: 'Asia/Shanghai',
    // 04:00 UTC = 12:00 in Shanghai
    now: new Date('2026-11-30T04:00:00Z'),
    dayMs: REAL_DAY,
    defaultQuietHours: { start: 21, end: 8 },
    defaultDailyCap: 3,
    recentSends: [],
    ...overrides,
  };
}

describe('quiet hours', () => {
  it('wraps around midnight', () => {
    expect(isQuiet(22, { start: 21, end: 8 })).toBe(true);
    expect(isQuiet(3, { start: 21, end: 8 })).toBe(true);
    expect(isQuiet(8, { start: 21, end: 8 })).toBe(false);
    expect(isQuiet(20, { start: 21, end: 8 })).toBe(false);
    expect(isQuiet(13, { start: 12, end: 14 })).toBe(true);
    expect(isQuiet(5, { start: 5, end: 5 })).toBe(false);
  });

  it('defers a notice at 22:30 local until 08:00 local', () => {
    const decision = decideContact(input({ now: new Date('2026-11-30T14:30:00Z') }));
    expect(decision).toMatchObject({ kind: 'defer', until: new Date('2026-12-01T00:00:00Z') });
  });

  it('lets a notice through at noon local', () => {
    expect(decideContact(input({}))).toEqual({ kind: 'send' });
  });

  it('is off with compressed days', () => {
    expect(decideContact(input({ now: new Date('2026-11-30T14:30:00Z'), dayMs: 60_000 }))).toEqual({
      kind: 'send',
    });
  });

  it('holds with a DAY_MS of a day or longer, which is not compressed', () => {
    const decision = decideContact(input({ now: new Date('2026-11-30T14:30:00Z'), dayMs: 2 * REAL_DAY }));
    expect(decision).toMatchObject({ kind: 'defer', until: new Date('2026-12-01T00:00:00Z') });
  });

  it('is off one millisecond short of a real day', () => {
    expect(decideContact(input({ now: new Date('2026-11-30T14:30:00Z'), dayMs: REAL_DAY - 1 }))).toEqual({
      kind: 'send',
    });
  });

  it("uses the customer's own quiet hours", () => {
    const preferences = { optedOutChannels: [], quietHours: { start: 12, end: 13 } };
    expect(decideContact(input({ preferences }))).toMatchObject({
      kind: 'defer',
      until: new Date('2026-11-30T05:00:00Z'),
    });
  });

  it('never holds back a letter', () => {
    expect(decideContact(input({ channel: 'letter', now: new Date('2026-11-30T14:30:00Z') }))).toEqual({
      kind: 'send',
    });
  });
});

describe('opt-outs and the daily cap', () => {
  it('refuses a channel the customer opted out of', () => {
    const preferences = { optedOutChannels: ['sms' as const] };
    expect(decideContact(input({ channel: 'sms', preferences }))).toEqual({
      kind: 'refuse',
      reason: 'customer opted out of sms',
    });
    expect(decideContact(input({ channel: 'email', preferences }))).toEqual({ kind: 'send' });
  });

  it('defers the notice past the cap until the oldest counted send leaves the window', () => {
    const recentSends = [
      new Date('2026-11-29T09:00:00Z'),
      new Date('2026-11-29T10:00:00Z'),
      new Date('2026-11-29T11:00:00Z'),
    ];
    expect(decideContact(input({ recentSends }))).toEqual({
      kind: 'defer',
      until: new Date('2026-11-30T09:00:00Z'),
      reason: 'daily cap of 3 notices reached',
    });
    expect(decideContact(input({ recentSends: recentSends.slice(1) }))).toEqual({ kind: 'send' });
  });

  it("applies the customer's own cap", () => {
    const recentSends = [new Date('2026-11-29T09:00:00Z'), new Date('2026-11-29T10:00:00Z')];
    const preferences = { optedOutChannels: [], dailyCap: 1 };
    expect(decideContact(input({ recentSends, preferences }))).toMatchObject({
      kind: 'defer',
      until: new Date('2026-11-30T10:00:00Z'),
    });
  });
});

describe('delivery ids', () => {
  it('are stable per action and channel, and usable as BullMQ job ids', () => {
    const id = deliveryIdFor('act-1', 'email');
    expect(id).toBe(deliveryIdFor('act-1', 'email'));
    expect(id).not.toBe(deliveryIdFor('act-1', 'sms'));
    expect(id).toMatch(/^ntf-[0-9a-f]{32}$/);
    expect(messageIdFor(id)).toBe(`<${id}@notifications.dunning.invalid>`);
  });
});
