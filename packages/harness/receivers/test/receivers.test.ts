import { connect } from 'node:net';
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

  it('take a sender that dies mid-message in their stride', async () => {
    const unhandled: unknown[] = [];
    const onError = (error: unknown) => unhandled.push(error);
    process.on('uncaughtException', onError);
    try {
      // SMTP: a connection reset in the middle of DATA, as when the notifications process is killed.
      const socket = connect(receivers.smtpPort, '127.0.0.1');
      await new Promise((resolve) => socket.once('data', resolve));
      socket.write('EHLO sender\r\nMAIL FROM:<ar@example.com>\r\nRCPT TO:<ap@example.com>\r\nDATA\r\n');
      await new Promise((resolve) => setTimeout(resolve, 200));
      socket.write('Subject: half a message\r\n');
      socket.resetAndDestroy();
      // SMS: a request whose body never finishes.
      const gateway = new URL(receivers.smsUrl);
      const http = connect(Number(gateway.port), '127.0.0.1');
      await new Promise((resolve) => http.once('connect', resolve));
      http.write('POST /sms HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"to":');
      await new Promise((resolve) => setTimeout(resolve, 100));
      http.resetAndDestroy();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(unhandled).toEqual([]);
      // And they still work.
      const answer = await fetch(receivers.smsUrl, {
        method: 'POST',
        headers: { 'idempotency-key': 'after' },
        body: '{}',
      });
      expect(answer.status).toBe(200);
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});
