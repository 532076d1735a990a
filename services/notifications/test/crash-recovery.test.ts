import { once } from 'node:events';
import { waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { deliveryIdFor, messageIdFor } from '../src/domain/delivery-id.ts';
import { sampleAction, sampleCustomer } from './fixtures.ts';
import { notificationsUnderTest } from './support/notifications-under-test.ts';

type Platform = ReturnType<typeof notificationsUnderTest>;

import { type SmtpTestServer, startSmtpTestServer } from './support/smtp-test-server.ts';

// The service runs as its own process from the test-only entry point support/main-with-crash.ts,
// which kills it (SIGKILL) at a crash point.
describe('a crash around the SMTP hand-over', () => {
  let smtp: SmtpTestServer;
  // One platform (schema, topics, consumer group) per test: a killed member stays in its consumer
  // group until its session times out, which would hold up the next test's consumer.
  const platforms = [notificationsUnderTest(), notificationsUnderTest()];
  // A short lock: the restarted worker takes over the crashed one's job soon after the lock expires.
  const smtpEnv = () => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), DELIVERY_LOCK_MS: '1500' });

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    for (const platform of platforms) await platform.close();
    await smtp?.close();
  });

  async function deliveryRow(platform: Platform, id: string) {
    const result = await platform
      .pool()
      .query('SELECT status, attempts FROM deliveries WHERE delivery_id = $1', [id]);
    return result.rows[0] as { status: string; attempts: number } | undefined;
  }

  async function crashAt(platform: Platform, point: 'rendered' | 'sent', email: string) {
    const customer = sampleCustomer({ email });
    const action = sampleAction(customer.customerId);
    const id = deliveryIdFor(action.actionId, 'email');
    const crashing = platform.spawn(smtpEnv(), point);
    const exited = once(crashing, 'exit');
    await platform.publishCustomer(customer);
    await platform.publishAction(action);
    const [, signal] = await exited;
    return { id, signal, row: await deliveryRow(platform, id) };
  }

  // Each test has its own platform, so they run side by side. Each starts two service processes, which
  // takes ~5 s on an idle machine and far longer on a loaded one: hence the generous timeouts.
  it.concurrent('delivers exactly once when the process dies between render and send', async ({ expect }) => {
    const platform = platforms[0] as Platform;
    const { id, signal, row } = await crashAt(platform, 'rendered', 'render-crash@example.com');
    expect(signal).toBe('SIGKILL');
    expect(row).toEqual({ status: 'sending', attempts: 1 });
    expect(smtp.received.filter((mail) => mail.to.includes('render-crash@example.com'))).toHaveLength(0);

    const restarted = platform.spawn(smtpEnv());
    await waitFor(async () => (await deliveryRow(platform, id))?.status === 'sent', {
      what: 'the delivery to be sent',
      timeoutMs: 90_000,
    });
    const mails = smtp.received.filter((mail) => mail.to.includes('render-crash@example.com'));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.messageId).toBe(messageIdFor(id));
    expect(await deliveryRow(platform, id)).toEqual({ status: 'sent', attempts: 2 });
    // SIGKILL: its consumer may still be waiting to join the group the crashed process left behind.
    restarted.kill('SIGKILL');
    await once(restarted, 'exit');
  }, 150_000);

  it.concurrent('resends with the same Message-ID when it dies after the server accepted; the mailbox keeps one', async ({
    expect,
  }) => {
    const platform = platforms[1] as Platform;
    const { id, signal, row } = await crashAt(platform, 'sent', 'send-crash@example.com');
    expect(signal).toBe('SIGKILL');
    expect(row).toEqual({ status: 'sending', attempts: 1 });
    expect(smtp.received.filter((mail) => mail.to.includes('send-crash@example.com'))).toHaveLength(1);

    const restarted = platform.spawn(smtpEnv());
    await waitFor(async () => (await deliveryRow(platform, id))?.status === 'sent', {
      what: 'the delivery to be sent',
      timeoutMs: 90_000,
    });
    const received = smtp.received.filter((mail) => mail.to.includes('send-crash@example.com'));
    // The at-least-once window: the server saw the message twice, both times with the delivery's Message-ID...
    expect(received.map((mail) => mail.messageId)).toEqual([messageIdFor(id), messageIdFor(id)]);
    // ...so the recipient's mailbox, which dedupes by Message-ID, holds it once.
    expect(smtp.mailbox().filter((mail) => mail.to.includes('send-crash@example.com'))).toHaveLength(1);
    // SIGKILL: its consumer may still be waiting to join the group the crashed process left behind.
    restarted.kill('SIGKILL');
    await once(restarted, 'exit');
  }, 150_000);
});
