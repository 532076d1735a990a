import { monitorEventLoopDelay } from 'node:perf_hooks';
import { dlqTopic, Topics } from '@dunning/contracts';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { invoiceBody, type PlatformUnderTest, platformUnderTest } from '../src/index.ts';

const envelope = (id: string, data: unknown) =>
  JSON.stringify({
    specversion: '1.0',
    id,
    source: '/erp/test',
    type: 'erp.invoice.issued',
    time: '2026-10-01T08:00:00Z',
    data,
  });

describe('a malformed message on erp.events.v1', () => {
  let platform: PlatformUnderTest;
  afterEach(() => platform.close());

  it('goes to erp.events.v1.dlq with its reason while the following valid messages are consumed', async () => {
    platform = platformUnderTest();
    const invoices = await platform.startInvoices();
    await invoices.erpConsumer.ready;
    const erpTopic = `${platform.topicPrefix}${Topics.erpEvents}`;
    await platform.send(Topics.erpEvents, [
      { key: 'c-9', value: '{"specversion":"1.0", "id": ' },
      { key: 'c-9', value: envelope('evt-bad', { ...invoiceBody('inv-bad', 'c-9'), amount: '-5.00' }) },
      { key: 'c-9', value: envelope('evt-1', invoiceBody('inv-1', 'c-9')) },
      { key: 'c-9', value: envelope('evt-2', invoiceBody('inv-2', 'c-9', '99.99')) },
    ]);

    for (const invoiceId of ['inv-1', 'inv-2']) {
      await waitFor(
        async () =>
          (await invoices.app.inject({ headers: adminAuth, method: 'GET', url: `/v1/invoices/${invoiceId}` }))
            .statusCode === 200,
        { what: `${invoiceId} in the ledger` },
      );
    }
    const bad = await invoices.app.inject({ headers: adminAuth, method: 'GET', url: '/v1/invoices/inv-bad' });
    expect(bad.statusCode).toBe(404);

    const letters: { reason: string; value: string }[] = [];
    const reader = await platform.kafka().reader({
      groupId: `${platform.topicPrefix}dlq-reader`,
      topics: [dlqTopic(erpTopic)],
      onMessage: (message) =>
        void letters.push({ reason: String(message.headers['dlq.reason']), value: String(message.value) }),
    });
    await waitFor(() => letters.length >= 2, { what: 'two dead letters' });
    await reader.stop();
    expect(letters).toHaveLength(2);
    expect(letters[0]!.reason).toMatch(/^invalid JSON/);
    expect(letters[0]!.value).toBe('{"specversion":"1.0", "id": ');
    expect(letters[1]!.reason).toMatch(/data\.amount/);
  });

  // Found by the ERP fuzz: a dead letter is placed on a partition by its key, or by its value when it
  // has none, and the client library's hash of a 900 KB value held the service's event loop for minutes, so its
  // consumers were dropped from their groups and nothing behind the message reached the ledger.
  it('costs one dead letter however large its key or value, and never holds the event loop', async () => {
    platform = platformUnderTest();
    const invoices = await platform.startInvoices();
    await invoices.erpConsumer.ready;
    const group = invoices.host.groupId('erp-events');
    const admin = platform.kafka().admin();
    await admin.connect();
    const members = async () => (await admin.describeGroups([group]))[0]?.members.map((m) => m.memberId);
    const before = await members();

    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    await platform.send(Topics.erpEvents, [
      { key: null, value: `{"padding":"${'p'.repeat(200 * 1024)}` },
      { key: null, value: JSON.stringify({ specversion: '1.0', data: { padding: 'q'.repeat(250 * 1024) } }) },
      { key: 'k'.repeat(200 * 1024), value: '{"specversion":"1.0"}' },
      { key: 'c-9', value: envelope('evt-after', invoiceBody('inv-after', 'c-9')) },
    ]);
    await waitFor(
      async () =>
        (await invoices.app.inject({ headers: adminAuth, method: 'GET', url: '/v1/invoices/inv-after' }))
          .statusCode === 200,
      { what: 'the invoice behind the hostile messages' },
    );
    const dead = await admin.fetchTopicOffsets(dlqTopic(`${platform.topicPrefix}${Topics.erpEvents}`));
    delay.disable();
    expect(dead.reduce((sum, p) => sum + Number(p.high), 0)).toBe(3);
    // The loop's longest pause while the letters were placed and sent.
    expect(delay.max / 1e6).toBeLessThan(1_000);
    expect(await members()).toEqual(before);
    expect(invoices.erpConsumer.stalls()).toEqual([]);
    await admin.disconnect();
  });
});
