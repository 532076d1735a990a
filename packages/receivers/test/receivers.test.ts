import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receivers, startReceivers } from '../src/index.ts';

describe('receivers', () => {
  let receivers: Receivers;
  beforeAll(async () => {
    receivers = await startReceivers();
  });
  afterAll(() => receivers.close());

  it('count mails by Message-ID: a resend is a second arrival of the same id', async () => {
    const smtp = createTransport({
      host: '127.0.0.1',
      port: receivers.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    const mail = (messageId: string) =>
      smtp.sendMail({
        from: 'ar@example.com',
        to: 'ap@example.com',
        subject: 'Reminder',
        text: 'Hello',
        messageId,
      });
    await mail('<ntf-1@notifications.dunning.invalid>');
    await mail('<ntf-1@notifications.dunning.invalid>');
    await mail('<ntf-2@notifications.dunning.invalid>');
    smtp.close();
    expect(receivers.email.received).toBe(3);
    expect(receivers.email.distinct).toBe(2);
    expect(receivers.email.timesReceived('<ntf-1@notifications.dunning.invalid>')).toBe(2);
    expect(receivers.email.timesReceived('<ntf-3@notifications.dunning.invalid>')).toBe(0);
  });

  it('count SMS by Idempotency-Key and answer every POST with 200', async () => {
    const send = (key: string) =>
      fetch(receivers.smsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ to: '+8613800000000', text: 'Please pay' }),
      });
    const answers = await Promise.all([send('ntf-a'), send('ntf-a'), send('ntf-b')]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect([receivers.sms.received, receivers.sms.distinct, receivers.sms.timesReceived('ntf-a')]).toEqual([
      3, 2, 2,
    ]);
  });
});
