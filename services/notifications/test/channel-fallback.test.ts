import type { Channel, DunningActionRequestedData } from '@dunning/contracts';
import { adminAuth, waitFor } from '@dunning/testing';
import { type SmsGateway, startSmsGateway } from '@dunning/testing/sms-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryIdFor, fallbackDeliveryIdFor } from '../src/domain/delivery-id.ts';
import { fallbackChannel } from '../src/domain/fallback.ts';
import type { NotificationsService } from '../src/service.ts';
import { sampleAction, sampleCustomer } from './fixtures.ts';
import { notificationsUnderTest } from './support/notifications-under-test.ts';
import { type SmtpTestServer, startSmtpTestServer } from './support/smtp-test-server.ts';

const REJECTED_PHONE = '+8613800000401';
const POLICY_DEFAULT = { email: 'letter', sms: 'email' } as const;

describe('fallback channel (pure rule)', () => {
  it.each([
    ['email bounces → letter', POLICY_DEFAULT, 'email', ['email'], 'letter'],
    ['sms refused → email', POLICY_DEFAULT, 'sms', ['sms'], 'email'],
    ['a letter has no fallback by default', POLICY_DEFAULT, 'letter', ['letter'], undefined],
    ['no fallback data', undefined, 'email', ['email'], undefined],
    ['chain sms → email → letter', { sms: 'email', email: 'letter' }, 'email', ['sms', 'email'], 'letter'],
    [
      'never back to a channel tried: email ↔ sms',
      { sms: 'email', email: 'sms' },
      'email',
      ['sms', 'email'],
      undefined,
    ],
    ['never to a channel the action already used', POLICY_DEFAULT, 'email', ['email', 'letter'], undefined],
  ] as const)('%s', (_, fallbackChannels, channel, tried, expected) => {
    expect(fallbackChannel({ fallbackChannels, channel, tried })).toBe(expected);
  });

  it('derives one fallback id per failed delivery and channel', () => {
    const id = deliveryIdFor('step-1.email', 'email');
    expect(fallbackDeliveryIdFor(id, 'letter')).toBe(fallbackDeliveryIdFor(id, 'letter'));
    expect(fallbackDeliveryIdFor(id, 'letter')).not.toBe(fallbackDeliveryIdFor(id, 'sms'));
    expect(fallbackDeliveryIdFor(id, 'letter')).toMatch(/^ntf-[0-9a-f]{32}$/);
    expect(fallbackDeliveryIdFor(id, 'letter')).not.toBe(deliveryIdFor('step-1.email', 'letter'));
  });
});

describe('notifications: channel fallback', () => {
  let smtp: SmtpTestServer;
  let sms: SmsGateway;
  let service: NotificationsService;
  const platform = notificationsUnderTest();

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    sms = await startSmsGateway({ statuses: (to) => (to === REJECTED_PHONE ? [400] : [200]) });
    service = await platform.start({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMS_GATEWAY_URL: sms.url,
    });
    await platform.watchPublished();
    await Promise.all(service.consumers.map((consumer) => consumer.ready));
  });
  afterAll(async () => {
    await platform.close();
    await smtp?.close();
    await sms?.close();
  });

  async function notification(id: string) {
    const response = await service.app.inject({ headers: adminAuth, url: `/v1/notifications/${id}` });
    return response.statusCode === 200 ? response.json() : undefined;
  }

  const finished = (id: string) =>
    waitFor(
      async () => {
        const found = await notification(id);
        return found && found.status !== 'pending' ? found : undefined;
      },
      { what: `notification ${id} to finish`, timeoutMs: 20_000 },
    );

  const bounce = (id: string, reason = '550 5.1.1 user unknown') =>
    service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: `/v1/notifications/${id}/bounce`,
      payload: { reason },
    });

  /** Every delivery and stored letter of the action, by channel. */
  async function deliveriesOf(actionId: string) {
    const rows = await platform.pool().query<{ channel: Channel; letters: number }>({
      text: `SELECT d.channel, (SELECT count(*)::int FROM letters l WHERE l.delivery_id = d.delivery_id) AS letters
             FROM deliveries d WHERE d.action_id = $1 ORDER BY d.created_at`,
      values: [actionId],
    });
    return rows.rows;
  }

  /** A later notice of the same customer (same partition) has been delivered: what came before is done. */
  async function drained(customerId: string) {
    const marker = sampleAction(customerId, { channel: 'letter' });
    await platform.publishAction(marker);
    await finished(deliveryIdFor(marker.actionId, 'letter'));
    await waitFor(async () => {
      const { rows } = await platform
        .pool()
        .query<{ n: number }>(
          "SELECT count(*)::int AS n FROM deliveries WHERE customer_id = $1 AND status IN ('pending', 'sending')",
          [customerId],
        );
      return rows[0]!.n === 0;
    });
  }

  const failedEvent = (id: string) =>
    waitFor(() =>
      platform.published.find((e) => e.type === 'notification.failed' && e.data.notificationId === id),
    );

  async function customerWith(overrides: Parameters<typeof sampleCustomer>[0] = {}) {
    const customer = sampleCustomer(overrides);
    await platform.publishCustomer(customer);
    return customer;
  }

  const withFallback = (customerId: string, overrides: Partial<DunningActionRequestedData> = {}) =>
    sampleAction(customerId, { fallbackChannels: { ...POLICY_DEFAULT }, ...overrides });

  it('follows a bounced email with exactly one letter, however often the bounce and the action arrive', async () => {
    const customer = await customerWith();
    const action = withFallback(customer.customerId);
    await platform.publishAction(action);
    const emailId = deliveryIdFor(action.actionId, 'email');
    expect(await finished(emailId)).toMatchObject({ status: 'sent', fallbackDeliveryId: null });

    const reported = await bounce(emailId);
    expect(reported.statusCode).toBe(200);
    const letterId = fallbackDeliveryIdFor(emailId, 'letter');
    expect(reported.json()).toMatchObject({
      status: 'failed',
      permanentFailure: true,
      failureReason: 'bounced: 550 5.1.1 user unknown',
      fallbackDeliveryId: letterId,
      fallbackOf: null,
    });
    expect(reported.json().bouncedAt).toEqual(expect.any(String));
    const letter = await finished(letterId);
    expect(letter).toMatchObject({
      status: 'sent',
      channel: 'letter',
      actionId: action.actionId,
      fallbackOf: emailId,
      letterUrl: `/v1/letters/${letterId}`,
    });
    const pdf = await service.app.inject({ headers: adminAuth, url: `/v1/letters/${letterId}` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    // The provider reports the bounce again, the action is redelivered twice.
    expect((await bounce(emailId)).statusCode).toBe(200);
    await platform.publishAction(action);
    await platform.publishAction(action);
    await drained(customer.customerId);
    expect(await deliveriesOf(action.actionId)).toEqual([
      { channel: 'email', letters: 0 },
      { channel: 'letter', letters: 1 },
    ]);

    expect((await failedEvent(emailId)).data).toMatchObject({
      permanent: true,
      fallbackChannel: 'letter',
      fallbackNotificationId: letterId,
    });
    const delivered = await waitFor(() =>
      platform.published.find(
        (e) => e.type === 'notification.delivered' && e.data.notificationId === letterId,
      ),
    );
    expect(delivered.data).toMatchObject({
      channel: 'letter',
      fallbackOf: emailId,
      actionId: action.actionId,
    });
    expect(
      platform.published.filter((e) => e.data.notificationId === emailId && e.type === 'notification.failed'),
    ).toHaveLength(1);
  });

  it('falls back to a letter on an SMTP hard bounce (5xx) at the hand-over', async () => {
    const customer = await customerWith({ email: 'gone@bounce.example' });
    const action = withFallback(customer.customerId);
    await platform.publishAction(action);
    const emailId = deliveryIdFor(action.actionId, 'email');
    const failed = await finished(emailId);
    expect(failed).toMatchObject({ status: 'failed', permanentFailure: true, bouncedAt: null });
    expect(failed.fallbackDeliveryId).toBe(fallbackDeliveryIdFor(emailId, 'letter'));
    expect(await finished(failed.fallbackDeliveryId)).toMatchObject({ status: 'sent', channel: 'letter' });
  });

  it('follows an SMS the gateway refused (4xx) with one email', async () => {
    const customer = await customerWith({ phone: REJECTED_PHONE, email: 'sms-fallback@acme.example' });
    const action = withFallback(customer.customerId, {
      channel: 'sms',
      step: 'reminder',
      templateKey: 'reminder',
    });
    await platform.publishAction(action);
    const smsId = deliveryIdFor(action.actionId, 'sms');
    const failed = await finished(smsId);
    expect(failed).toMatchObject({ status: 'failed', permanentFailure: true });
    expect(failed.failureReason).toMatch(/400/);
    const emailId = fallbackDeliveryIdFor(smsId, 'email');
    expect(failed.fallbackDeliveryId).toBe(emailId);
    const email = await finished(emailId);
    expect(email).toMatchObject({ status: 'sent', channel: 'email', fallbackOf: smsId });

    await platform.publishAction(action);
    await drained(customer.customerId);
    const received = smtp.received.filter((mail) => mail.to.includes('sms-fallback@acme.example'));
    expect(received).toHaveLength(1);
    expect(received[0]!.messageId).toBe(email.messageId);
    expect(sms.requests.filter((r) => r.to === REJECTED_PHONE)).toHaveLength(1);
    expect((await failedEvent(smsId)).data).toMatchObject({
      fallbackChannel: 'email',
      fallbackNotificationId: emailId,
    });
  });

  it('sends an email the customer opted out of by letter', async () => {
    const customer = await customerWith({ email: 'opted-out@acme.example' });
    const put = await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: `/v1/customers/${customer.customerId}/contact-preferences`,
      payload: { optedOutChannels: ['email'] },
    });
    expect(put.statusCode).toBe(200);
    const action = withFallback(customer.customerId);
    await platform.publishAction(action);
    const emailId = deliveryIdFor(action.actionId, 'email');
    const failed = await finished(emailId);
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'customer opted out of email' });
    expect(await finished(failed.fallbackDeliveryId)).toMatchObject({
      status: 'sent',
      channel: 'letter',
      fallbackOf: emailId,
    });
    expect(smtp.received.filter((mail) => mail.to.includes(customer.email!))).toHaveLength(0);
  });

  it('never loops: sms → email → sms stops after the email, and without fallback data nothing follows', async () => {
    const customer = await customerWith({ phone: REJECTED_PHONE });
    await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: `/v1/customers/${customer.customerId}/contact-preferences`,
      payload: { optedOutChannels: ['email'] },
    });
    const looping = sampleAction(customer.customerId, {
      channel: 'sms',
      fallbackChannels: { sms: 'email', email: 'sms' },
    });
    const plain = sampleAction(customer.customerId, { channel: 'sms' });
    await platform.publishAction(looping);
    await platform.publishAction(plain);
    const smsId = deliveryIdFor(looping.actionId, 'sms');
    const emailId = fallbackDeliveryIdFor(smsId, 'email');
    expect((await finished(smsId)).fallbackDeliveryId).toBe(emailId);
    expect(await finished(emailId)).toMatchObject({
      status: 'failed',
      fallbackDeliveryId: null,
      fallbackOf: smsId,
    });
    expect(await finished(deliveryIdFor(plain.actionId, 'sms'))).toMatchObject({
      status: 'failed',
      fallbackDeliveryId: null,
    });
    await drained(customer.customerId);
    expect((await deliveriesOf(looping.actionId)).map((d) => d.channel)).toEqual(['sms', 'email']);
    expect((await deliveriesOf(plain.actionId)).map((d) => d.channel)).toEqual(['sms']);
    expect(sms.requests.filter((r) => r.to === REJECTED_PHONE)).toHaveLength(3);
  });

  it('follows a chain sms → email → letter once each', async () => {
    const customer = await customerWith({ phone: REJECTED_PHONE, email: 'chain@bounce.example' });
    const action = sampleAction(customer.customerId, {
      channel: 'sms',
      fallbackChannels: { sms: 'email', email: 'letter' },
    });
    await platform.publishAction(action);
    const smsId = deliveryIdFor(action.actionId, 'sms');
    const emailId = fallbackDeliveryIdFor(smsId, 'email');
    const letterId = fallbackDeliveryIdFor(emailId, 'letter');
    expect(await finished(letterId)).toMatchObject({ status: 'sent', fallbackOf: emailId });
    expect(await notification(emailId)).toMatchObject({ status: 'failed', fallbackDeliveryId: letterId });
    expect(await deliveriesOf(action.actionId)).toEqual([
      { channel: 'sms', letters: 0 },
      { channel: 'email', letters: 0 },
      { channel: 'letter', letters: 1 },
    ]);
  });

  it('answers a bounce report for what cannot bounce with 404, 409 or 400 naming the field', async () => {
    expect((await bounce('ntf-unknown')).statusCode).toBe(404);
    const customer = await customerWith();
    const letterAction = sampleAction(customer.customerId, { channel: 'letter' });
    await platform.publishAction(letterAction);
    const letterId = deliveryIdFor(letterAction.actionId, 'letter');
    await finished(letterId);
    const notEmail = await bounce(letterId);
    expect(notEmail.statusCode).toBe(409);
    expect(notEmail.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await notification(letterId)).toMatchObject({ status: 'sent' });
    const invalid = await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: `/v1/notifications/${letterId}/bounce`,
      payload: { reason: '' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(JSON.stringify(invalid.json())).toContain('reason');
  });

  it('documents the bounce report with its scope and the fallback fields', async () => {
    const document = (await service.app.inject({ headers: adminAuth, url: '/docs/json' })).json();
    const operation = document.paths['/v1/notifications/{id}/bounce'].post;
    expect(operation.responses['403'].description).toContain('erp:write');
    const detail = JSON.stringify(document.paths['/v1/notifications/{id}'].get.responses['200']);
    const schemas = JSON.stringify(document.components ?? {});
    expect(detail + schemas).toContain('fallbackDeliveryId');
    expect(detail + schemas).toContain('fallbackOf');
  });
});
