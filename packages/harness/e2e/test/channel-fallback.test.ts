import { createEvent, DUNNING_ACTION_REQUESTED, Topics } from '@dunning/contracts';
import { type Receivers, startReceivers } from '@dunning/receivers';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DunningEventsRecorder, recordDunningEvents } from '../src/dunning-events-recorder.ts';
import { type Apps, type PlatformClient, platformClient, startAll } from '../src/platform-client.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/platform-under-test.ts';
import { customerBody } from '../src/samples.ts';

const DAY_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A short ladder, published under every class's policy id so whichever class a customer gets, it runs:
// an email on day 1, an SMS a week later. The fallback channels are left to the default.
const LADDER = {
  description: 'Fallback scenario: email, then SMS',
  steps: [
    { level: 1, offsetDays: 1, name: 'reminder', actions: ['email'], templateKey: 'dunning.reminder' },
    {
      level: 2,
      offsetDays: 8,
      name: 'overdue-notice',
      actions: ['sms'],
      templateKey: 'dunning.overdue-notice',
    },
  ],
};

interface Delivery {
  id: string;
  actionId: string;
  channel: 'email' | 'sms' | 'letter';
  step: string;
  status: string;
  fallbackOf: string | null;
  fallbackDeliveryId: string | null;
  letterUrl: string | null;
  messageId?: string | null;
}

describe('channel fallback: dunning policy → notifications → dunning timeline', () => {
  let platform: PlatformUnderTest;
  let client: PlatformClient;
  let apps: Apps;
  let receivers: Receivers;
  let recorder: DunningEventsRecorder;

  beforeAll(async () => {
    receivers = await startReceivers();
    platform = platformUnderTest({ dayMs: DAY_MS, receivers });
    apps = await startAll(platform);
    client = platformClient(apps);
    recorder = await recordDunningEvents(platform);
    for (const policyId of ['standard', 'premium', 'high-risk']) {
      const put = await apps.dunning.inject({
        headers: adminAuth,
        method: 'PUT',
        url: `/v1/policies/${policyId}`,
        payload: LADDER,
      });
      expect(put.statusCode, put.body).toBeLessThan(300);
    }
  }, 120_000);
  afterAll(async () => {
    await recorder?.stop();
    await platform?.close();
    await receivers?.close();
  });

  const today = () => new Date().toISOString().slice(0, 10);
  async function invoiceFor(name: string) {
    const customerId = `cust-${name}`;
    await client.upsertCustomer(customerId, {
      ...customerBody(name),
      email: `${name}@acme.example`,
      phone: '+8613800138000',
      timezone: 'UTC',
    });
    const invoiceId = `inv-${name}`;
    await client.issueInvoice({
      invoiceId,
      customerId,
      number: `N-${name}`,
      currency: 'CNY',
      amount: '5000.00',
      issueDate: today(),
      dueDate: today(),
    });
    await waitFor(() => client.dunningOf(invoiceId), { what: `the dunning case of ${invoiceId}` });
    return { customerId, invoiceId };
  }

  const deliveriesOf = async (invoiceId: string) =>
    (
      (
        await apps.notifications.inject({
          headers: adminAuth,
          url: `/v1/notifications?invoiceId=${invoiceId}`,
        })
      ).json() as { items: Delivery[] }
    ).items;
  const deliveryWhere = (invoiceId: string, what: string, match: (d: Delivery) => boolean) =>
    waitFor(async () => (await deliveriesOf(invoiceId)).find(match), { what, timeoutMs: 30_000 });
  const failedEntries = async (invoiceId: string) =>
    (await client.dunningOf(invoiceId))!.timeline.filter((t) => t.kind === 'notification-failed');

  it('publishes the default fallback channels with the policy and on every notice', async () => {
    const policy = (await apps.dunning.inject({ headers: adminAuth, url: '/v1/policies/standard' })).json();
    expect(policy.fallbackChannels).toEqual({ email: 'letter', sms: 'email' });
  });

  it('follows a bounced email with exactly one letter, on the case timeline, however often things arrive', {
    timeout: 90_000,
  }, async () => {
    const { customerId, invoiceId } = await invoiceFor('bounce');
    const email = await deliveryWhere(
      invoiceId,
      'the reminder email sent',
      (d) => d.channel === 'email' && d.status === 'sent',
    );
    const action = recorder
      .distinct('dunning.action.requested')
      .find((e) => e.data.actionId === email.actionId)!;
    // The email step's notice names its fallback (sms → email is left out: the step sends email anyway).
    expect(action.data.fallbackChannels).toEqual({ email: 'letter' });

    // The mail provider's webhook reports the bounce (an integration key's scope; here the admin's).
    const bounce = () =>
      apps.notifications.inject({
        headers: adminAuth,
        method: 'POST',
        url: `/v1/notifications/${email.id}/bounce`,
        payload: { reason: '550 5.1.1 user unknown' },
      });
    const reported = await bounce();
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json()).toMatchObject({ status: 'failed', fallbackDeliveryId: expect.any(String) });
    const letter = await deliveryWhere(
      invoiceId,
      'the fallback letter stored',
      (d) => d.fallbackOf === email.id && d.status === 'sent',
    );
    expect(letter).toMatchObject({
      channel: 'letter',
      actionId: email.actionId,
      id: reported.json().fallbackDeliveryId,
    });
    const pdf = await apps.notifications.inject({ headers: adminAuth, url: letter.letterUrl! });
    expect(pdf.headers['content-type']).toBe('application/pdf');

    // The case timeline shows the failure and where the notice went instead.
    const entry = await waitFor(async () => (await failedEntries(invoiceId))[0], {
      what: 'the failure on the timeline',
      timeoutMs: 30_000,
    });
    expect(entry.detail).toMatchObject({
      notificationId: email.id,
      channel: 'email',
      permanent: true,
      reason: 'bounced: 550 5.1.1 user unknown',
      fallbackChannel: 'letter',
      fallbackNotificationId: letter.id,
    });

    // The webhook fires again, Kafka redelivers the action twice: still one letter, one timeline entry.
    expect((await bounce()).statusCode).toBe(200);
    const message = { key: customerId, value: JSON.stringify(action) };
    // A marker behind them on the same partition: once it is delivered, the redeliveries were handled.
    const marker = createEvent({
      type: DUNNING_ACTION_REQUESTED,
      source: '/e2e',
      subject: customerId,
      data: { ...action.data, actionId: `${action.data.actionId}-marker`, channel: 'sms' },
    });
    await platform.send(Topics.dunningEvents, [
      message,
      message,
      { key: customerId, value: JSON.stringify(marker) },
    ]);
    await deliveryWhere(
      invoiceId,
      'the marker handled',
      (d) => d.actionId === marker.data.actionId && d.status === 'sent',
    );
    const all = await deliveriesOf(invoiceId);
    expect(all.filter((d) => d.channel === 'letter')).toHaveLength(1);
    expect(all.filter((d) => d.actionId === email.actionId)).toHaveLength(2);
    const letters = await platform
      .pool('notifications')
      .query<{ n: number }>('SELECT count(*)::int AS n FROM letters');
    expect(letters.rows[0]!.n).toBe(1);
    expect(await failedEntries(invoiceId)).toHaveLength(1);
    expect(receivers.email.timesReceived(`<${email.id}@notifications.dunning.invalid>`)).toBe(1);
  });

  it('sends an SMS the customer opted out of by email, received once', { timeout: 90_000 }, async () => {
    const customerId = 'cust-no-sms';
    const optOut = await apps.notifications.inject({
      headers: adminAuth,
      method: 'PUT',
      url: `/v1/customers/${customerId}/contact-preferences`,
      payload: { optedOutChannels: ['sms'] },
    });
    expect(optOut.statusCode).toBe(200);
    const { invoiceId } = await invoiceFor('no-sms');
    const sms = await deliveryWhere(
      invoiceId,
      'the SMS refused',
      (d) => d.channel === 'sms' && d.status === 'failed',
    );
    expect(sms.fallbackDeliveryId).toEqual(expect.any(String));
    const email = await deliveryWhere(
      invoiceId,
      'the fallback email sent',
      (d) => d.id === sms.fallbackDeliveryId && d.status === 'sent',
    );
    expect(email).toMatchObject({ channel: 'email', fallbackOf: sms.id, step: 'overdue-notice' });
    await waitFor(
      async () => (await failedEntries(invoiceId)).find((t) => t.detail.notificationId === sms.id),
      { what: 'the refused SMS on the timeline', timeoutMs: 30_000 },
    );
    const entries = await failedEntries(invoiceId);
    expect(entries.map((t) => t.detail)).toEqual([
      expect.objectContaining({
        channel: 'sms',
        reason: 'customer opted out of sms',
        fallbackChannel: 'email',
        fallbackNotificationId: email.id,
      }),
    ]);
    await sleep(5 * DAY_MS);
    expect(receivers.email.timesReceived(`<${email.id}@notifications.dunning.invalid>`)).toBe(1);
    const all = await deliveriesOf(invoiceId);
    expect(all.map((d) => d.channel).sort()).toEqual(['email', 'email', 'sms']);
  });
});
