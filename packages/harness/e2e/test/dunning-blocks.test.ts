import { type Receivers, startReceivers } from '@dunning/receivers';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DunningEventsRecorder, recordDunningEvents } from '../src/dunning-events-recorder.ts';
import { type Apps, type PlatformClient, platformClient, startAll } from '../src/platform-client.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/platform-under-test.ts';
import { customerBody } from '../src/samples.ts';

const DAY_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isoDate = (calendarDaysFromToday = 0) =>
  new Date(Date.now() + calendarDaysFromToday * 86_400_000).toISOString().slice(0, 10);

// What the customer received, counted at the SMTP server and the SMS gateway.
describe('a dunning block through all four services', () => {
  let platform: PlatformUnderTest;
  let apps: Apps;
  let client: PlatformClient;
  let receivers: Receivers;
  let recorder: DunningEventsRecorder;

  beforeAll(async () => {
    receivers = await startReceivers();
    platform = platformUnderTest({ dayMs: DAY_MS, receivers });
    apps = await startAll(platform);
    client = platformClient(apps);
    recorder = await recordDunningEvents(platform);
  }, 120_000);
  afterAll(async () => {
    await recorder?.stop();
    await platform?.close();
    await receivers?.close();
  });

  const dunning = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    apps.dunning.inject({ method, url, headers: adminAuth, ...(payload ? { payload } : {}) });
  const received = () => ({ email: receivers.email.received, sms: receivers.sms.received });

  it('nothing reaches the customer while blocked; after the lift one reminder, not a stack', {
    timeout: 90_000,
  }, async () => {
    const customerId = 'cust-blocked';
    await client.upsertCustomer(customerId, {
      ...customerBody('blocked'),
      phone: '+8613800138000',
      timezone: 'UTC',
    });
    const placed = await dunning('POST', `/v1/customers/${customerId}/dunning-blocks`, {
      blockId: 'blk-e2e',
      reason: 'legal',
      note: 'with our lawyers',
    });
    expect(placed.statusCode).toBe(201);
    const before = received();
    await client.issueInvoice({
      invoiceId: 'inv-blocked',
      customerId,
      number: 'N-blocked',
      currency: 'EUR',
      amount: '1200.00',
      issueDate: isoDate(-70),
      dueDate: isoDate(-40),
    });
    const blocked = await waitFor(
      async () => {
        const c = (await dunning('GET', '/v1/invoices/inv-blocked/dunning')).json();
        return c.status === 'blocked' && c;
      },
      { what: 'the case, blocked', timeoutMs: 30_000 },
    );
    expect(blocked.blocks).toEqual([
      { blockId: 'blk-e2e', reason: 'legal', note: 'with our lawyers', until: null, scope: 'customer' },
    ]);
    // The invoices service places the due date on the compressed clock: read when the steps run.
    const runAt = (name: string) =>
      Date.parse(blocked.steps.find((step: { name: string }) => step.name === name).runAt);
    const proposal = await dunning(
      'GET',
      `/v1/dunning-runs/proposal?until=${new Date(runAt('reminder') + DAY_MS).toISOString()}&customerId=${customerId}`,
    );
    expect(proposal.json().items).toMatchObject([
      {
        customerId,
        currency: 'EUR',
        invoiceIds: ['inv-blocked'],
        step: 'reminder',
        excluded: { reason: 'legal' },
      },
    ]);
    // The reminder and the overdue notice fall due under the block: nothing goes out, both are owed.
    await sleep(runAt('overdue-notice') + 3 * DAY_MS - Date.now());
    expect(received()).toEqual(before);
    expect(
      recorder.distinct('dunning.action.requested').filter((e) => e.data.customerId === customerId),
    ).toEqual([]);

    expect((await dunning('DELETE', '/v1/dunning-blocks/blk-e2e')).statusCode).toBe(200);
    await waitFor(() => receivers.email.received > before.email && receivers.sms.received > before.sms, {
      what: 'the reminder at the receivers',
      timeoutMs: 30_000,
    });
    await sleep(3 * DAY_MS);
    expect(received()).toEqual({ email: before.email + 1, sms: before.sms + 1 });
    const sent = recorder
      .distinct('dunning.action.requested')
      .filter((e) => e.data.customerId === customerId)
      .map((e) => `${e.data.step}/${e.data.level}/${e.data.channel}`)
      .sort();
    expect(sent).toEqual(['reminder/1/email', 'reminder/1/sms']);
    // Published once each, however the consumers were redelivered.
    const types = [
      ...recorder.distinct('dunning.block.placed').map((e) => `${e.type}/${e.data.blockId}`),
      ...recorder.distinct('dunning.block.lifted').map((e) => `${e.type}/${e.data.blockId}`),
    ];
    expect(types).toEqual(['dunning.block.placed/blk-e2e', 'dunning.block.lifted/blk-e2e']);
  });
});
