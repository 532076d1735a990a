import { createEvent, localParts } from '@dunning/contracts';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningService } from '../src/service.ts';
import { type DunningUnderTest, dunningUnderTest, stepsOf } from './support/dunning-under-test.ts';
import { disputeOpened, issued } from './support/ledger-feed.ts';

const DAY = 200;
const sleepUntil = (atMs: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, atMs - Date.now())));

// Send windows on, around the current UTC hour, so UTC customers are inside and a zone far away is in
// its night: that customer's reminder is held back by quiet hours.
const hour = new Date().getUTCHours();
const START = Math.max(0, hour - 4);
const END = Math.min(24, hour + 4);
const NIGHT_ZONE = [
  'Asia/Shanghai',
  'America/Los_Angeles',
  'Pacific/Auckland',
  'Asia/Kolkata',
  'America/New_York',
].find((zone) => {
  const h = localParts(Date.now(), zone).hour;
  return h < START - 1 || h >= END + 1;
})!;

function profile(customerId: string, timezone: string, collectorId: string) {
  return createEvent({
    type: 'ledger.customer.upserted',
    source: '/services/invoices',
    data: {
      customerId,
      name: 'Acme',
      locale: 'en',
      timezone,
      industry: 'wholesale',
      address: { line1: '1 Main St', city: 'Shanghai', country: 'CN' },
      paymentTermsDays: 30,
      collectorId,
    },
  });
}

interface Item {
  customerId: string;
  currency: string;
  level: number;
  step: string;
  invoiceIds: string[];
  amount: string;
  dueAt: string;
  channels: string[];
  excluded: { reason: string; detail: string } | null;
}

describe('the dunning proposal against the run that follows (real Kafka, PostgreSQL, Redis; DAY_MS=200)', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    run = await dunningUnderTest({
      DAY_MS: String(DAY),
      SEND_WINDOWS: 'on',
      SEND_WINDOW_START_HOUR: String(START),
      SEND_WINDOW_END_HOUR: String(END),
      SEND_WINDOW_WEEKDAYS: '1,2,3,4,5,6,7',
    });
    service = await run.start();
  });
  afterAll(async () => {
    await run?.close();
  });

  const http = (method: 'GET' | 'POST', url: string, payload?: object) =>
    service.app.inject({ method, url, headers: adminAuth, ...(payload ? { payload } : {}) });
  const block = async (path: string, blockId: string, reason: string, until?: number) => {
    const response = await http('POST', `${path}/dunning-blocks`, {
      blockId,
      reason,
      ...(until ? { until: new Date(until).toISOString() } : {}),
    });
    expect(response.statusCode).toBe(201);
  };

  it('lists what the run then sends, and every exclusion with its reason code', async () => {
    // LEAD: time to set everything up before the first reminder falls due, on a busy machine too.
    const LEAD = 10 * DAY;
    const S = Date.now() + LEAD;
    // Reminders (day 7) fall due at S + 10 days.
    const overdueAt = new Date(S + 3 * DAY);
    const until = S + 16 * DAY;
    // Blocked before its invoice arrives 55 days overdue: its owed reminder and overdue notice both fall due
    // in the block; at its end the reminder goes, the overdue notice waits the interval (past until).
    await block('/v1/customers/c-int', 'blk-int', 'vip', S + 12 * DAY);
    for (const [customerId, reason] of [
      ['c-vip', 'vip'],
      ['c-bank', 'bankruptcy'],
      ['c-bdisp', 'dispute'],
    ] as const)
      await block(`/v1/customers/${customerId}`, `blk-${customerId}`, reason);
    const small = issued('c-min', 'm1', overdueAt);
    await run.feed.publish([
      profile('c-day', 'UTC', 'col-day'),
      profile('c-night', NIGHT_ZONE, 'col-night'),
      issued('c-day', 'a1', overdueAt, '1000.00', 'EUR'),
      issued('c-day', 'a2', overdueAt, '250.00', 'EUR'),
      issued('c-day', 'a3', overdueAt, '400.00', 'USD'),
      issued('c-night', 'n1', overdueAt),
      { ...small, data: { ...small.data, balance: '0.01' } },
      issued('c-disp', 'd1', overdueAt),
      issued('c-int', 'int1', new Date(S - 55 * DAY)),
      ...['c-vip', 'c-bank', 'c-bdisp', 'c-legal', 'c-prom', 'c-man'].map((c) =>
        issued(c, `${c}-1`, overdueAt),
      ),
      disputeOpened('c-disp', 'd1', 'disp-1'),
    ]);
    await waitFor(
      async () =>
        (await stepsOf(run.pool, 'c-man-1')).length > 0 && (await stepsOf(run.pool, 'd1')).length > 0,
    );
    await block('/v1/invoices/c-legal-1', 'blk-legal', 'legal');
    await block('/v1/invoices/c-prom-1', 'blk-prom', 'promise');
    await block('/v1/invoices/c-man-1', 'blk-man', 'manual');
    await waitFor(async () => (await http('GET', '/v1/invoices/d1/dunning')).json().status === 'paused');

    const proposedAt = Date.now();
    expect(proposedAt).toBeLessThan(S + 8 * DAY);
    const response = await http('GET', `/v1/dunning-runs/proposal?until=${new Date(until).toISOString()}`);
    expect(response.statusCode).toBe(200);
    const items: Item[] = response.json().items;

    // What is held back, and why.
    const excluded = items.filter((i) => i.excluded);
    const reasonOf = (customerId: string, step = 'reminder') =>
      excluded.find((i) => i.customerId === customerId && i.step === step)?.excluded?.reason;
    expect(reasonOf('c-night')).toBe('quiet-hours');
    expect(reasonOf('c-min')).toBe('below-minimum');
    expect(reasonOf('c-disp')).toBe('dispute');
    expect(reasonOf('c-int', 'overdue-notice')).toBe('min-interval');
    expect(reasonOf('c-vip')).toBe('vip');
    expect(reasonOf('c-bank')).toBe('bankruptcy');
    expect(reasonOf('c-bdisp')).toBe('dispute');
    expect(reasonOf('c-legal')).toBe('legal');
    expect(reasonOf('c-prom')).toBe('promise');
    expect(reasonOf('c-man')).toBe('manual');
    expect(new Set(excluded.map((i) => i.excluded!.reason))).toEqual(
      new Set([
        'quiet-hours',
        'below-minimum',
        'dispute',
        'min-interval',
        'vip',
        'bankruptcy',
        'legal',
        'promise',
        'manual',
      ]),
    );
    const proposed = items.filter((i) => !i.excluded);
    const eur = proposed.find((i) => i.currency === 'EUR')!;
    // One notice for both EUR invoices, led by either (same level, same time).
    expect([...eur.invoiceIds].sort()).toEqual(['a1', 'a2']);
    expect(eur).toMatchObject({
      customerId: 'c-day',
      level: 1,
      step: 'reminder',
      amount: '1250.00',
      channels: ['sms', 'email'],
    });

    // Filters: one customer; a collector's customers (the ERP profile names the collector).
    const one = await http(
      'GET',
      `/v1/dunning-runs/proposal?until=${new Date(until).toISOString()}&customerId=c-min`,
    );
    expect(one.json().items.map((i: Item) => i.customerId)).toEqual(['c-min']);
    const mine = await http(
      'GET',
      `/v1/dunning-runs/proposal?until=${new Date(until).toISOString()}&collectorId=col-day`,
    );
    expect(new Set(mine.json().items.map((i: Item) => i.customerId))).toEqual(new Set(['c-day']));
    const past = await http(
      'GET',
      `/v1/dunning-runs/proposal?until=${new Date(Date.now() - DAY).toISOString()}`,
    );
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].path).toBe('querystring.until');

    // The run: what went out between the proposal and until is what it listed.
    await sleepUntil(until + DAY);
    const notices = new Map<string, string>();
    for (const e of run.feed.dunningEvents) {
      if (e.type !== 'dunning.action.requested') continue;
      const at = Date.parse(e.data.requestedAt);
      if (at < proposedAt || at > until) continue;
      const lead = e.data.actionId.slice(0, e.data.actionId.lastIndexOf('.'));
      const prior = notices.has(lead) ? JSON.parse(notices.get(lead)!) : { channels: [] };
      notices.set(
        lead,
        JSON.stringify({
          customerId: e.data.customerId,
          currency: e.data.invoices[0]!.currency,
          level: e.data.level,
          invoiceIds: e.data.invoices.map((i) => i.invoiceId).sort(),
          channels: [...new Set([...prior.channels, e.data.channel])].sort(),
        }),
      );
    }
    const expected = proposed.map((i) =>
      JSON.stringify({
        customerId: i.customerId,
        currency: i.currency,
        level: i.level,
        invoiceIds: [...i.invoiceIds].sort(),
        channels: [...i.channels].sort(),
      }),
    );
    expect([...notices.values()].sort()).toEqual(expected.sort());
    expect(expected.length).toBe(3);
  });
});
