import { dlqTopic, Topics } from '@dunning/contracts';
import { type SmsGateway, startSmsGateway } from '@dunning/receivers';
import { adminAuth, testAdminKey, waitFor } from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type PlatformUnderTest, platformUnderTest } from '../src/index.ts';
import { captureLogs } from '../src/log-capture.ts';
import { type Apps, platformClient, startAll } from '../src/platform-client.ts';

const DAY_MS = 200;

// Values that would identify a person, or let someone in, if a log line carried them.
const person = {
  name: 'Juergen Holzapfel-Wieczorek',
  email: 'juergen.holzapfel@private-mail.example',
  phone: '+8613912345678',
  line1: 'Kastanienallee 77',
  line2: 'Hinterhaus Dachgeschoss',
  postalCode: 'DE-10435-PB',
};
const iban = 'DE89 3704 0044 0532 0130 00';
const forgedKey = 'forged-key-1f8c2a9e77d04b6e';

const customer = (name: string) => ({
  name,
  email: person.email,
  phone: person.phone,
  locale: 'en',
  timezone: 'UTC',
  industry: 'wholesale',
  address: {
    line1: person.line1,
    line2: person.line2,
    city: 'Berlin',
    postalCode: person.postalCode,
    country: 'DE',
  },
  paymentTermsDays: 30,
  collectorId: 'collector-logs',
});

describe('logs of the whole platform at debug level', () => {
  let platform: PlatformUnderTest;
  let sms: SmsGateway;
  afterAll(async () => {
    await platform?.close();
    await sms?.close();
  });

  it('carry ids but no personal data and no API key, through requests, failures, the ladder and the DLQ', async () => {
    const logs = captureLogs('debug');
    sms = await startSmsGateway();
    platform = platformUnderTest({
      dayMs: DAY_MS,
      env: { notifications: { SMS_GATEWAY_URL: sms.url } },
      logger: logs.logger,
    });
    const apps: Apps = await startAll(platform);
    const client = platformClient(apps);
    const today = new Date().toISOString().slice(0, 10);

    await client.upsertCustomer('cust-logs-1', customer(person.name));
    await client.issueInvoice({
      invoiceId: 'inv-logs-1',
      customerId: 'cust-logs-1',
      number: 'N-LOGS-1',
      currency: 'CNY',
      amount: '4200.00',
      issueDate: today,
      dueDate: today,
    });
    await client.issueInvoice({
      invoiceId: 'inv-logs-2',
      customerId: 'cust-logs-1',
      number: 'N-LOGS-2',
      currency: 'CNY',
      amount: '99.00',
      issueDate: today,
      dueDate: today,
    });
    await waitFor(() => client.dunningOf('inv-logs-2'), { what: 'the dunning case of inv-logs-2' });
    await client.openDispute('inv-logs-2', {
      disputeId: 'dsp-logs-1',
      reason: `Already paid by transfer from ${iban}, ask ${person.name}`,
    });

    // Failing requests: a forged key, no key, an invalid body and a body that is not JSON, each
    // carrying personal data.
    const inject = (headers: Record<string, string>, payload: string | object) =>
      apps.invoices.inject({
        method: 'PUT',
        url: '/v1/customers/cust-logs-2',
        headers: { 'content-type': 'application/json', ...headers },
        payload,
      });
    expect((await inject({ authorization: `Bearer ${forgedKey}` }, customer(person.name))).statusCode).toBe(
      401,
    );
    expect((await inject({}, customer(person.name))).statusCode).toBe(401);
    const invalid = await inject(adminAuth, { ...customer(person.name), email: `${person.name} at home` });
    expect(invalid.statusCode).toBe(400);
    const notJson = await inject(adminAuth, `{"name": ${person.name}, "email": "${person.email}"}`);
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).not.toContain(person.email);

    // Dead letters with personal data: not JSON at all, and a customer that fails its contract.
    await platform.send(Topics.erpEvents, [
      {
        key: 'cust-logs-3',
        value: `{"name": ${person.name}, "email": "${person.email}", "iban": "${iban}"`,
      },
      {
        key: 'cust-logs-3',
        value: JSON.stringify({
          specversion: '1.0',
          id: 'evt-logs-bad-customer',
          source: '/erp/test',
          type: 'erp.customer.upserted',
          time: new Date().toISOString(),
          data: { customerId: 'cust-logs-3', ...customer(person.name), phone: `${person.phone} (mobile)` },
        }),
      },
    ]);
    const letters = await waitFor(
      async () => {
        const response = await apps.invoices.inject({
          method: 'GET',
          url: '/v1/ops/status',
          headers: adminAuth,
        });
        const status = response.json() as { deadLetters?: { topic: string; messages: string }[] };
        const count = Number(
          status.deadLetters?.find((d) => d.topic === dlqTopic(`${platform.topicPrefix}${Topics.erpEvents}`))
            ?.messages ?? 0,
        );
        return count >= 2 ? count : undefined;
      },
      { what: 'two dead letters on the ERP topic' },
    );
    expect(letters).toBe(2);

    // The ladder sends its first notices (email, SMS) to the person.
    await waitFor(() => sms.sent.length > 0, { what: 'an SMS to the customer', timeoutMs: 30_000 });

    // Parts too: an excerpt of a value leaks as much as the value.
    const parts = [
      'Juergen',
      'Holzapfel',
      'Wieczorek',
      'private-mail',
      '13912345678',
      'Kastanienallee',
      '3704 0044',
    ];
    const secrets = [...Object.values(person), iban, testAdminKey, forgedKey, ...parts];
    const leaks = secrets.flatMap((secret) => logs.linesWith(secret).map((line) => `${secret}: ${line}`));
    expect(leaks).toEqual([]);
    // Not vacuous: the same logs do tell what happened, to which ids.
    expect(logs.linesWith('cust-logs-1').length).toBeGreaterThan(0);
    expect(logs.linesWith('"statusCode":401').length).toBeGreaterThanOrEqual(2);
    expect(logs.linesWith('dead-lettered').length).toBeGreaterThan(0);
    expect(logs.lines.filter((line) => line.includes('"level":20')).length).toBeGreaterThan(0);
  }, 120_000);
});
