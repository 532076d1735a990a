import { randomUUID } from 'node:crypto';
import {
  type DunnedInvoice,
  LEDGER_INVOICE_BALANCE_CHANGED,
  LEDGER_INVOICE_ISSUED,
  LEDGER_INVOICE_SETTLED,
} from '@dunning/contracts';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryIdFor, messageIdFor } from '../src/domain/delivery-id.ts';
import type { NotificationsService } from '../src/service.ts';
import { sampleAction, sampleCustomer } from './fixtures.ts';
import { notificationsUnderTest } from './support/notifications-under-test.ts';
import { type SmtpTestServer, startSmtpTestServer } from './support/smtp-test-server.ts';

describe('no notice after payment', () => {
  let smtp: SmtpTestServer;
  let service: NotificationsService;
  const platform = notificationsUnderTest();

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    service = await platform.start({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
    await platform.watchPublished();
    await Promise.all(service.consumers.map((consumer) => consumer.ready));
  });
  afterAll(async () => {
    await platform.close();
    await smtp?.close();
  });

  async function notification(id: string) {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/notifications/${id}`,
    });
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

  async function issue(customerId: string, invoice: DunnedInvoice, time?: string) {
    await platform.publishLedger(
      LEDGER_INVOICE_ISSUED,
      {
        invoiceId: invoice.invoiceId,
        customerId,
        number: invoice.number,
        currency: invoice.currency,
        amount: invoice.amount,
        balance: invoice.balance,
        issueDate: '2026-10-01',
        dueDate: invoice.dueDate,
        overdueAt: '2026-10-31T16:00:00Z',
      },
      time,
    );
  }
  async function settle(customerId: string, invoice: DunnedInvoice, time?: string) {
    await platform.publishLedger(
      LEDGER_INVOICE_SETTLED,
      {
        invoiceId: invoice.invoiceId,
        customerId,
        currency: invoice.currency,
        amount: invoice.amount,
        settledAt: time ?? new Date().toISOString(),
        how: 'paid',
        daysLate: 30,
      },
      time,
    );
  }
  async function balanceOf(invoiceId: string) {
    const result = await platform.pool().query<{ status: string; balance_minor: bigint }>({
      text: 'SELECT status, balance_minor FROM invoice_balances WHERE invoice_id = $1',
      values: [invoiceId],
    });
    return result.rows[0];
  }

  it('drops a notice held back by the daily cap once its invoices are paid; nothing reaches the SMTP server', async () => {
    const customer = sampleCustomer({ email: 'paid-meanwhile@example.com' });
    await platform.publishCustomer(customer);
    await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: `/v1/customers/${customer.customerId}/contact-preferences`,
      payload: { dailyCap: 1 },
    });
    const first = sampleAction(customer.customerId);
    await platform.publishAction(first);
    await finished(deliveryIdFor(first.actionId, 'email'));

    const second = sampleAction(customer.customerId, {
      level: 3,
      step: 'final-notice',
      templateKey: 'final-notice',
    });
    for (const invoice of second.invoices) await issue(customer.customerId, invoice);
    await platform.publishAction(second);
    const secondId = deliveryIdFor(second.actionId, 'email');
    const job = await waitFor(
      async () => {
        const found = await service.queue.getJob(secondId);
        return found && (await found.getState()) === 'delayed' ? found : undefined;
      },
      { what: 'the second notice to be held back by the cap', timeoutMs: 20_000 },
    );

    // Both invoices are paid while the notice waits.
    for (const invoice of second.invoices) await settle(customer.customerId, invoice);
    for (const invoice of second.invoices) {
      await waitFor(async () => (await balanceOf(invoice.invoiceId))?.status === 'settled', {
        what: `${invoice.invoiceId} settled in the projection`,
      });
    }
    // Its turn comes now rather than when the cap's window ends.
    await job.promote();
    const dropped = await finished(secondId);
    expect(dropped).toMatchObject({ status: 'dropped', dropReason: 'settled', subject: null, body: null });
    expect(dropped.droppedAt).toEqual(expect.any(String));
    const event = await waitFor(() =>
      platform.published.find((e) => e.type === 'notification.dropped' && e.data.notificationId === secondId),
    );
    expect(event.data).toMatchObject({ reason: 'settled', actionId: second.actionId, channel: 'email' });
    const listed = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/notifications?customerId=${customer.customerId}&status=dropped`,
    });
    expect(listed.json().items.map((item: { id: string }) => item.id)).toEqual([secondId]);

    // A marker of another customer, queued after the drop: once it arrived, a send of the dropped
    // notice would have arrived too.
    const other = sampleCustomer({ email: 'marker@example.com' });
    await platform.publishCustomer(other);
    const marker = sampleAction(other.customerId);
    await platform.publishAction(marker);
    const markerId = deliveryIdFor(marker.actionId, 'email');
    await waitFor(() => smtp.received.some((mail) => mail.messageId === messageIdFor(markerId)), {
      what: 'the marker notice to arrive',
      timeoutMs: 20_000,
    });
    expect(smtp.received.filter((mail) => mail.to.includes('paid-meanwhile@example.com'))).toHaveLength(1);
    expect(smtp.received.some((mail) => mail.messageId === messageIdFor(secondId))).toBe(false);
  });

  it('sends a notice when only some of its invoices are paid', async () => {
    const customer = sampleCustomer({ email: 'part-paid@example.com' });
    await platform.publishCustomer(customer);
    const action = sampleAction(customer.customerId);
    const [paid, open] = action.invoices as [DunnedInvoice, DunnedInvoice];
    await issue(customer.customerId, paid);
    await issue(customer.customerId, open);
    await settle(customer.customerId, paid);
    await waitFor(async () => (await balanceOf(paid.invoiceId))?.status === 'settled', {
      what: 'paid settled',
    });
    await platform.publishAction(action);
    const id = deliveryIdFor(action.actionId, 'email');
    expect(await finished(id)).toMatchObject({ status: 'sent', dropReason: null, droppedAt: null });
    expect(smtp.received.filter((mail) => mail.messageId === messageIdFor(id))).toHaveLength(1);
  });

  it('keeps the newest balance fact: an older one arriving late does not reopen a paid invoice', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const [invoice] = sampleAction(customerId).invoices as [DunnedInvoice];
    await issue(customerId, invoice, '2026-12-01T00:00:00Z');
    await settle(customerId, invoice, '2026-12-03T00:00:00Z');
    // A part payment recorded on Dec 2, delivered after the settlement (a replayed or late fact).
    const partPayment = (balance: string, time: string) =>
      platform.publishLedger(
        LEDGER_INVOICE_BALANCE_CHANGED,
        {
          invoiceId: invoice.invoiceId,
          customerId,
          currency: invoice.currency,
          amount: invoice.amount,
          previousBalance: invoice.balance,
          balance,
          cause: 'payment',
          sourceId: `pay-${time.slice(0, 10)}`,
          occurredAt: time,
        },
        time,
      );
    await partPayment('100.00', '2026-12-02T00:00:00Z');
    // A marker fact on another invoice of the customer, after the late one on the same partition.
    const [, marker] = sampleAction(customerId).invoices as [DunnedInvoice, DunnedInvoice];
    await issue(customerId, marker, '2026-12-04T00:00:00Z');
    await waitFor(async () => (await balanceOf(marker.invoiceId)) !== undefined, { what: 'the marker fact' });
    expect(await balanceOf(invoice.invoiceId)).toEqual({ status: 'settled', balance_minor: 0n });

    // A newer fact does reopen it (a reversed payment).
    await partPayment('100.00', '2026-12-05T00:00:00Z');
    await waitFor(async () => (await balanceOf(invoice.invoiceId))?.status === 'open', { what: 'reopened' });
    expect(await balanceOf(invoice.invoiceId)).toEqual({ status: 'open', balance_minor: 10_000n });
  });
});
