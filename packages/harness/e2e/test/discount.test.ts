import { type Receivers, startReceivers } from '@dunning/receivers';
import { waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFound, type PlatformClient, platformClient, startAll } from '../src/platform-client.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/platform-under-test.ts';
import { customerBody } from '../src/samples.ts';

// One simulated day lasts 200 ms. "2/10 net 30": the discount window closes 10 days (2 s) after the
// ledger recorded the invoice, it falls overdue after 31 days (6.2 s), the standard reminder comes 7
// days later (7.6 s).
const DAY_MS = 200;
const TERMS = { percent: '2', days: 10 };

interface InvoiceView {
  balance: string;
  status: string;
  overdueAt: string;
  timeline: { what: string; amount?: string }[];
}

describe('early-payment discount through the whole platform', () => {
  let platform: PlatformUnderTest;
  let client: PlatformClient;
  let invoicesApp: Parameters<typeof getFound>[0];
  let receivers: Receivers;

  beforeAll(async () => {
    receivers = await startReceivers();
    platform = platformUnderTest({ dayMs: DAY_MS, receivers });
    const apps = await startAll(platform);
    invoicesApp = apps.invoices;
    client = platformClient(apps);
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    await receivers?.close();
  });

  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  async function discountedInvoice(name: string) {
    const customerId = `cust-${name}`;
    await client.upsertCustomer(customerId, { ...customerBody(name), timezone: 'UTC' });
    const invoiceId = `inv-${name}`;
    await client.issueInvoice({
      invoiceId,
      customerId,
      number: `N-${name}`,
      currency: 'EUR',
      amount: '1000.00',
      issueDate: day(0),
      dueDate: day(30),
      discount: TERMS,
    });
    return invoiceId;
  }
  const viewOf = async (invoiceId: string) =>
    (await getFound<InvoiceView>(invoicesApp, `/v1/invoices/${invoiceId}`)) as InvoiceView;

  it('paid in time: 980.00 settles 1000.00 on 2/10 net 30, dunning closes and no notice is ever sent; paid too late: 20.00 stays open and the reminder goes out', {
    timeout: 90_000,
  }, async () => {
    const inTime = await discountedInvoice('in-time');
    await client.pay({
      paymentId: 'pay-in-time',
      invoiceId: inTime,
      amount: '980.00',
      currency: 'EUR',
      receivedAt: new Date().toISOString(),
    });
    const settled = await viewOf(inTime);
    expect(settled).toMatchObject({ balance: '0.00', status: 'paid' });
    expect(settled.timeline.map((item) => [item.what, item.amount])).toEqual([
      ['issue', '1000.00'],
      ['discount', '-20.00'],
      ['payment', '-980.00'],
    ]);

    // Issued after the first, on the same terms: its ladder runs after the first one's would have.
    const tooLate = await discountedInvoice('too-late');
    const { overdueAt } = await viewOf(tooLate);
    // The window closes 10 days after recording, i.e. 21 days before overdueAt (31 days after it).
    const windowEnd = Date.parse(overdueAt) - (31 - TERMS.days) * DAY_MS;
    await waitFor(() => Date.now() >= windowEnd + DAY_MS, {
      what: "the too-late invoice's discount window to close",
    });
    const late = (await client.pay({
      paymentId: 'pay-too-late',
      invoiceId: tooLate,
      amount: '980.00',
      currency: 'EUR',
      receivedAt: new Date().toISOString(),
    })) as { applications: { discount?: string }[] };
    expect(late.applications[0]).not.toHaveProperty('discount');
    expect(await viewOf(tooLate)).toMatchObject({ balance: '20.00', status: 'open' });

    // The marker: the late invoice's reminder is sent.
    await waitFor(
      async () =>
        (await client.notificationsOf(tooLate)).some((n) => n.step === 'reminder' && n.status === 'sent'),
      { what: "the too-late invoice's reminder", timeoutMs: 60_000 },
    );
    expect((await viewOf(tooLate)).status).toBe('overdue');
    const closed = await client.dunningOf(inTime);
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'paid' });
    expect(closed?.steps.filter((step) => step.status === 'done')).toEqual([]);
    expect(await client.notificationsOf(inTime)).toEqual([]);
  });
});
