import { createHash } from 'node:crypto';
import { adminAuth, lintOpenApi, waitFor } from '@dunning/testing';
import { type SmsGateway, startSmsGateway } from '@dunning/testing/sms-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLetterPdf } from '../src/channels/letter-pdf.ts';
import { renderAction } from '../src/commands/render-notice.ts';
import { deliveryIdFor, messageIdFor } from '../src/domain/delivery-id.ts';
import type { NotificationsService } from '../src/service.ts';
import { TemplateLibrary } from '../src/templates/template-library.ts';
import { sampleAction, sampleCustomer } from './fixtures.ts';
import { notificationsUnderTest } from './support/notifications-under-test.ts';
import { pdfText } from './support/pdf-text.ts';
import { type SmtpTestServer, startSmtpTestServer } from './support/smtp-test-server.ts';

const FLAKY_PHONE = '+8613800000500';
const REJECTED_PHONE = '+8613800000400';

describe('notifications service', () => {
  let smtp: SmtpTestServer;
  let sms: SmsGateway;
  let service: NotificationsService;
  const platform = notificationsUnderTest();

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    sms = await startSmsGateway({
      statuses: (to) => (to === FLAKY_PHONE ? [500, 200] : to === REJECTED_PHONE ? [400] : [200]),
    });
    service = await platform.start({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMS_GATEWAY_URL: sms.url,
      COMPANY_NAME: 'Example Trading Co.',
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
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/notifications/${id}`,
    });
    return response.statusCode === 200 ? response.json() : undefined;
  }

  async function finished(id: string) {
    return waitFor(
      async () => {
        const found = await notification(id);
        return found && found.status !== 'pending' ? found : undefined;
      },
      { what: `notification ${id} to finish`, timeoutMs: 20_000 },
    );
  }

  it('delivers an email step once, in the customer locale, with subject and amounts', async () => {
    const customer = sampleCustomer({ locale: 'zh-CN', name: '上海<建设>有限公司', email: 'ap@zh.example' });
    await platform.publishCustomer(customer);
    const action = sampleAction(customer.customerId, { step: 'reminder', templateKey: 'reminder' });
    await platform.publishAction(action);
    // The same action again (another event id, as a retrying producer would send it).
    await platform.publishAction(action);
    const id = deliveryIdFor(action.actionId, 'email');

    const sent = await finished(id);
    expect(sent).toMatchObject({ status: 'sent', channel: 'email', locale: 'zh-CN', step: 'reminder' });
    expect(sent.invoiceIds).toEqual(action.invoices.map((invoice) => invoice.invoiceId));
    expect(sent.subject).toBe('付款提醒：2 张发票未付，合计 ¥10,000.05，US$99,999,999,999,999.99');
    expect(sent.body).toContain('已逾期 30 天');

    const mails = await waitFor(() => {
      const found = smtp.received.filter((mail) => mail.to.includes('ap@zh.example'));
      return found.length > 0 && found;
    });
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.parsed.subject).toBe(sent.subject);
    expect(mail?.messageId).toBe(`<${id}@notifications.dunning.invalid>`);
    expect(mail?.parsed.text).toContain(
      '发票 INV-2026-0042，到期日 2026年10月31日：未付 ¥10,000.05（原金额 ¥12,345.60）',
    );
    expect(mail?.parsed.text).toContain('请于 2026年12月15日 前付款。');
    expect(mail?.parsed.html).toContain('尊敬的上海&lt;建设&gt;有限公司');

    const delivered = await waitFor(() =>
      platform.published.find(
        (event) => event.type === 'notification.delivered' && event.data.notificationId === id,
      ),
    );
    expect(delivered.data).toMatchObject({ actionId: action.actionId, channel: 'email', locale: 'zh-CN' });

    const list = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/notifications?invoiceId=${action.invoices[0]?.invoiceId}&channel=email&status=sent`,
    });
    expect(list.json().items.map((item: { id: string }) => item.id)).toEqual([id]);

    // A marker: a later action of the same customer, on the same partition after the duplicate. Once
    // its mail arrived and its notification.delivered is on the topic, a second delivery of the first
    // action (enqueued before the marker's) would have shown up too.
    const marker = sampleAction(customer.customerId, { step: 'reminder', templateKey: 'reminder' });
    await platform.publishAction(marker);
    const markerId = deliveryIdFor(marker.actionId, 'email');
    await waitFor(
      () =>
        smtp.received.some((m) => m.messageId === messageIdFor(markerId)) &&
        platform.published.some(
          (event) => event.type === 'notification.delivered' && event.data.notificationId === markerId,
        ),
      { what: 'the marker notice to be delivered', timeoutMs: 20_000 },
    );
    // What the SMTP server received and what was published: nothing dedupes either.
    expect(smtp.received.filter((m) => m.messageId === messageIdFor(id))).toHaveLength(1);
    expect(
      platform.published.filter(
        (event) => event.type === 'notification.delivered' && event.data.notificationId === id,
      ),
    ).toHaveLength(1);
  });

  it('records a hard bounce (SMTP 5xx) as a permanent failure and publishes it', async () => {
    const customer = sampleCustomer({ email: 'nobody@bounce.example' });
    await platform.publishCustomer(customer);
    const action = sampleAction(customer.customerId);
    await platform.publishAction(action);
    const id = deliveryIdFor(action.actionId, 'email');
    const failed = await finished(id);
    expect(failed).toMatchObject({ status: 'failed', permanentFailure: true, attempts: 1 });
    expect(failed.failureReason).toMatch(/550/);
    const event = await waitFor(() =>
      platform.published.find((e) => e.type === 'notification.failed' && e.data.notificationId === id),
    );
    expect(event.data).toMatchObject({ permanent: true, channel: 'email', actionId: action.actionId });
  });

  /** A series of GET /metrics (summed over the series that have these labels). */
  async function metric(name: string, labels: Record<string, string>) {
    const text = (await service.app.inject({ headers: adminAuth, method: 'GET', url: '/metrics' })).body;
    let total = 0;
    for (const [, series, value] of text.matchAll(/^(\S+) (\S+)$/gm)) {
      const [metricName, labelText = ''] = series!.split('{');
      if (metricName !== name) continue;
      if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) total += Number(value);
    }
    return total;
  }

  it('sends one SMS after the gateway answered 500 then 200', async () => {
    const customer = sampleCustomer({ phone: FLAKY_PHONE });
    await platform.publishCustomer(customer);
    const action = sampleAction(customer.customerId, {
      channel: 'sms',
      step: 'reminder',
      templateKey: 'reminder',
    });
    await platform.publishAction(action);
    const id = deliveryIdFor(action.actionId, 'sms');
    const sent = await finished(id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, channel: 'sms', recipient: FLAKY_PHONE });
    expect(sms.requests.filter((r) => r.to === FLAKY_PHONE)).toHaveLength(2);
    expect(sms.sent.filter((r) => r.to === FLAKY_PHONE)).toHaveLength(1);
    expect(sms.sent.find((r) => r.to === FLAKY_PHONE)).toMatchObject({
      reference: id,
      idempotencyKey: id,
      text: sent.body,
    });
    expect(sent.body).toContain('CN¥10,000.05');
    // Only this phone's gateway fails transiently: the retry is its, and the notice was timed.
    await waitFor(
      async () =>
        (await metric('notifications_deliveries_total', { channel: 'sms', outcome: 'retry' })) >= 1 &&
        (await metric('notifications_deliveries_total', { channel: 'sms', outcome: 'sent' })) >= 1 &&
        (await metric('notifications_delivery_seconds_count', { channel: 'sms' })) >= 1,
      { what: 'the sms delivery metrics' },
    );
  });

  it('fails an SMS the gateway refuses with 400 and publishes notification.failed', async () => {
    const customer = sampleCustomer({ phone: REJECTED_PHONE });
    await platform.publishCustomer(customer);
    const action = sampleAction(customer.customerId, { channel: 'sms' });
    await platform.publishAction(action);
    const id = deliveryIdFor(action.actionId, 'sms');
    const failed = await finished(id);
    expect(failed).toMatchObject({ status: 'failed', permanentFailure: true, attempts: 1 });
    expect(failed.failureReason).toMatch(/400/);
    expect(sms.requests.filter((r) => r.to === REJECTED_PHONE)).toHaveLength(1);
    await waitFor(
      async () =>
        (await metric('notifications_deliveries_total', { channel: 'sms', outcome: 'failed' })) >= 1,
      { what: 'the failed sms to be counted' },
    );
    const event = await waitFor(() =>
      platform.published.find((e) => e.type === 'notification.failed' && e.data.notificationId === id),
    );
    expect(event.data).toMatchObject({
      permanent: true,
      channel: 'sms',
      invoiceIds: action.invoices.map((i) => i.invoiceId),
    });
  });

  it('prints a zh-CN legal letter whose PDF holds the Chinese text and re-renders byte-identical', async () => {
    const customer = sampleCustomer({ locale: 'zh-CN', name: '深圳市某某科技有限公司' });
    await platform.publishCustomer(customer);
    const action = sampleAction(customer.customerId, {
      channel: 'letter',
      step: 'legal-letter',
      templateKey: 'legal-letter',
    });
    await platform.publishAction(action);
    const id = deliveryIdFor(action.actionId, 'letter');
    const sent = await finished(id);
    expect(sent).toMatchObject({ status: 'sent', letterUrl: `/v1/letters/${id}`, locale: 'zh-CN' });

    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/letters/${id}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.rawPayload;
    expect(response.headers['x-content-sha256']).toBe(createHash('sha256').update(pdf).digest('hex'));

    // Lines wrap anywhere in Chinese: compare without whitespace.
    const text = pdfText(pdf).replace(/\s+/g, '');
    expect(text).toContain('律师函（付款催告函）');
    expect(text).toContain('深圳市某某科技有限公司');
    expect(text).toContain('依法提起诉讼或申请仲裁');
    expect(text).toContain('付款期限:2026年12月15日');
    expect(text).toContain('未付合计:¥10,000.05,US$99,999,999,999,999.99');

    const sender = {
      companyName: 'Example Trading Co.',
      companyAddress: '1 Example Road, Shanghai, China',
      paymentInstructions: 'Bank transfer to IBAN CN00 0000 0000 0000, quoting the invoice numbers.',
    };
    const { variables, rendered } = renderAction(new TemplateLibrary(), sender, action, customer);
    const again = await renderLetterPdf(variables, rendered, new Date(action.requestedAt));
    expect(again.equals(pdf)).toBe(true);
  });

  it('refuses a channel the customer opted out of (a permanent failure)', async () => {
    const customer = sampleCustomer();
    await platform.publishCustomer(customer);
    const put = await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: `/v1/customers/${customer.customerId}/contact-preferences`,
      payload: { optedOutChannels: ['email'] },
    });
    expect(put.statusCode).toBe(200);
    const action = sampleAction(customer.customerId);
    await platform.publishAction(action);
    const failed = await finished(deliveryIdFor(action.actionId, 'email'));
    expect(failed).toMatchObject({
      status: 'failed',
      permanentFailure: true,
      failureReason: 'customer opted out of email',
    });
  });

  it('holds back notices beyond the daily cap until the window frees up', async () => {
    const customer = sampleCustomer({ email: 'capped@example.com' });
    await platform.publishCustomer(customer);
    await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: `/v1/customers/${customer.customerId}/contact-preferences`,
      payload: { dailyCap: 1 },
    });
    const first = sampleAction(customer.customerId);
    const second = sampleAction(customer.customerId);
    await platform.publishAction(first);
    await finished(deliveryIdFor(first.actionId, 'email'));
    await platform.publishAction(second);
    const secondId = deliveryIdFor(second.actionId, 'email');
    // The worker has looked at the second notice and put it off: its job waits in 'delayed'.
    await waitFor(
      async () => {
        const job = await service.queue.getJob(secondId);
        return job !== undefined && (await job.getState()) === 'delayed';
      },
      { what: 'the second notice to be held back', timeoutMs: 20_000 },
    );
    expect(await notification(secondId)).toMatchObject({ status: 'pending' });
    expect(smtp.received.filter((mail) => mail.to.includes('capped@example.com'))).toHaveLength(1);
  });

  it('previews a template with sample variables, escaping HTML', async () => {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: '/v1/templates/final-notice/preview',
      payload: {
        locale: 'en',
        customer: { name: 'A & B <Ltd>' },
        invoices: [
          {
            invoiceId: 'i1',
            number: 'N-1',
            currency: 'EUR',
            amount: '10.5',
            balance: '10.5',
            dueDate: '2026-01-31',
            daysOverdue: 61,
          },
        ],
        deadline: '2026-04-30',
        date: '2026-04-01T00:00:00Z',
      },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.subject).toBe('Final notice before legal action: €10.50');
    expect(body.text).toContain('Dear A & B <Ltd>,');
    expect(body.html).toContain('Dear A &amp; B &lt;Ltd&gt;,');
    expect(body.text).toContain('Please pay by April 30, 2026.');

    const unknown = await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: '/v1/templates/no-such-step/preview',
      payload: { locale: 'en', customer: { name: 'X' }, invoices: [sampleAction('c').invoices[0]] },
    });
    expect(unknown.statusCode).toBe(404);

    const letter = await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: '/v1/templates/legal-letter/preview/letter',
      payload: { locale: 'zh-CN', customer: { name: '预览公司' }, invoices: sampleAction('c').invoices },
    });
    expect(letter.headers['content-type']).toBe('application/pdf');
    expect(pdfText(letter.rawPayload).replace(/\s+/g, '')).toContain('尊敬的预览公司：');
  });

  it('documents every route in the OpenAPI document', async () => {
    const response = await service.app.inject({ headers: adminAuth, method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json().paths)).toEqual(
      expect.arrayContaining([
        '/v1/notifications',
        '/v1/notifications/{id}',
        '/v1/letters/{id}',
        '/v1/templates',
        '/v1/templates/{templateKey}/preview',
        '/v1/templates/{templateKey}/preview/letter',
        '/v1/customers/{customerId}/contact-preferences',
      ]),
    );
  });

  it('passes the OpenAPI lint (redocly.yaml) without errors or warnings', async () => {
    const response = await service.app.inject({ headers: adminAuth, method: 'GET', url: '/docs/json' });
    expect(await lintOpenApi(response.json())).toEqual([]);
  });

  it('answers contact preferences with defaults, and rejects unknown fields', async () => {
    const defaults = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/customers/nobody/contact-preferences',
    });
    expect(defaults.json()).toEqual({ customerId: 'nobody', optedOutChannels: [] });
    const wrong = await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/customers/nobody/contact-preferences',
      payload: { optedOutChannels: ['letter'], colour: 'red' },
    });
    expect(wrong.statusCode).toBe(400);
  });
});
