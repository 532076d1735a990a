import { createEvent } from '@dunning/contracts';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningService } from '../src/service.ts';
import { type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';
import { issued } from './support/ledger-feed.ts';

function failed(eventId: string, notificationId: string, invoiceIds: string[], reason = 'no email address') {
  return createEvent({
    type: 'notification.failed',
    source: '/services/notifications',
    id: eventId,
    data: {
      notificationId,
      actionId: `step-${notificationId}.email`,
      customerId: 'c-nf',
      invoiceIds,
      channel: 'email',
      step: 'reminder',
      reason,
      permanent: true,
      failedAt: '2026-12-05T10:00:00.000Z',
    },
  });
}

describe('notification.failed on the case timeline', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    run = await dunningUnderTest();
    service = await run.start();
  });
  afterAll(async () => {
    await run?.close();
  });

  const failures = async (invoiceId: string) => {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/invoices/${invoiceId}/dunning`,
    });
    expect(response.statusCode).toBe(200);
    return response
      .json()
      .timeline.filter((t: { kind: string }) => t.kind === 'notification-failed')
      .map((t: { detail: Record<string, unknown> }) => t.detail);
  };

  it('records each failure once on every invoice of the action, however often it is delivered', async () => {
    const later = new Date(Date.now() + 3_600_000);
    await run.feed.publish([issued('c-nf', 'i-nf-1', later), issued('c-nf', 'i-nf-2', later)]);
    await waitFor(
      async () =>
        (await service.app.inject({ headers: adminAuth, url: '/v1/invoices/i-nf-2/dunning' })).statusCode ===
        200,
    );
    const first = failed('n-1.failed', 'n-1', ['i-nf-1', 'i-nf-2', 'i-nf-unknown']);
    // The same event twice (Kafka redelivers), and the same failure again under another event id.
    await run.feed.publish([first]);
    await run.feed.publish([first, failed('n-1.failed-again', 'n-1', ['i-nf-1', 'i-nf-2'])]);
    // A later failure on the same partition (same customer): once it is in, the ones before it are too.
    await run.feed.publish([failed('n-2.failed', 'n-2', ['i-nf-1'], 'mailbox full')]);
    await waitFor(async () => (await failures('i-nf-1')).length >= 2, { what: 'both failures recorded' });
    const expected = {
      notificationId: 'n-1',
      actionId: 'step-n-1.email',
      channel: 'email',
      step: 'reminder',
      reason: 'no email address',
      permanent: true,
      failedAt: '2026-12-05T10:00:00.000Z',
    };
    expect(await failures('i-nf-1')).toEqual([
      expected,
      { ...expected, notificationId: 'n-2', actionId: 'step-n-2.email', reason: 'mailbox full' },
    ]);
    expect(await failures('i-nf-2')).toEqual([expected]);
    const stored = await run.pool.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM case_timeline WHERE kind = 'notification-failed'",
    );
    expect(stored.rows[0]?.count).toBe(3);
  });

  it('records where the notice went instead when notifications fell back to another channel', async () => {
    const later = new Date(Date.now() + 3_600_000);
    await run.feed.publish([issued('c-nf', 'i-nf-3', later)]);
    await waitFor(
      async () =>
        (await service.app.inject({ headers: adminAuth, url: '/v1/invoices/i-nf-3/dunning' })).statusCode ===
        200,
    );
    const bounced = failed('n-3.failed', 'n-3', ['i-nf-3'], 'bounced: 550 mailbox unknown');
    await run.feed.publish([
      {
        ...bounced,
        data: { ...bounced.data, fallbackChannel: 'letter', fallbackNotificationId: 'n-3-letter' },
      },
    ]);
    await waitFor(async () => (await failures('i-nf-3')).length === 1, { what: 'the failure recorded' });
    expect(await failures('i-nf-3')).toEqual([
      expect.objectContaining({
        notificationId: 'n-3',
        reason: 'bounced: 550 mailbox unknown',
        fallbackChannel: 'letter',
        fallbackNotificationId: 'n-3-letter',
      }),
    ]);
  });

  it('documents the notification-failed timeline entry in the OpenAPI document', async () => {
    const document = await service.app.inject({ headers: adminAuth, method: 'GET', url: '/docs/json' });
    expect(document.body).toContain('notification-failed (detail: notificationId, actionId, channel');
    expect(document.body).toContain('fallbackChannel and fallbackNotificationId');
  });
});
