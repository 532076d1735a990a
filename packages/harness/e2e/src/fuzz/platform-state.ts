import { serviceNames } from '@dunning/platform-manifest';
import type { OpsStatus } from '@dunning/service-host';
import type { InjectableApp } from '@dunning/service-runtime';
import { adminAuth } from '@dunning/testing';
import type { PlatformUnderTest, ServiceName } from '../platform-under-test.ts';
import { customerBody, invoiceBody } from '../samples.ts';
import { readBody } from './http-fuzzer.ts';
import { fingerprintSchema, quote, type SchemaFingerprint, tablesOf } from './table-fingerprint.ts';

export const SERVICES: readonly ServiceName[] = serviceNames;

const day = 86_400_000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString().slice(0, 10);

/**
 * Something for the known-id inputs to work on: a customer with an invoice long overdue (its whole
 * ladder runs at once: notices, letters, collector tasks), one not yet due and partly paid, a
 * collector owning the customer, reported financials, contact preferences and a policy.
 */
export async function seedBaseline(apps: Record<ServiceName, InjectableApp>): Promise<void> {
  const calls: [ServiceName, string, string, unknown][] = [
    ['invoices', 'PUT', '/v1/customers/known-c1', customerBody('Known Customer Ltd.')],
    [
      'dunning',
      'PUT',
      '/v1/collectors/known-collector',
      { name: 'Known Collector', languages: ['en'], capacity: 50, portfolio: ['known-c1'] },
    ],
    [
      'invoices',
      'POST',
      '/v1/invoices',
      { ...invoiceBody('known-i1', 'known-c1'), issueDate: isoDay(-200), dueDate: isoDay(-170) },
    ],
    ['invoices', 'POST', '/v1/invoices', invoiceBody('known-i2', 'known-c1', '5000.00')],
    [
      'invoices',
      'POST',
      '/v1/payments',
      {
        paymentId: 'known-p1',
        invoiceId: 'known-i2',
        currency: 'CNY',
        amount: '100.00',
        receivedAt: isoDay(-1),
      },
    ],
    [
      'credit-risk',
      'PUT',
      '/v1/customers/known-c1/financials',
      { currentRatio: 1.4, quickRatio: 0.9, debtRatio: 0.5, period: '2026-Q3' },
    ],
    [
      'notifications',
      'PUT',
      '/v1/customers/known-c1/contact-preferences',
      { optedOutChannels: ['sms'], dailyCap: 5 },
    ],
    [
      'dunning',
      'PUT',
      '/v1/policies/known-policy',
      {
        description: 'Known policy',
        steps: [{ level: 1, offsetDays: 5, name: 'reminder', actions: ['email'], templateKey: 'reminder' }],
      },
    ],
  ];
  for (const [service, method, url, payload] of calls) {
    const response = await apps[service].inject({
      method,
      url,
      headers: { ...adminAuth, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
      payloadAsStream: false,
    });
    if (response.statusCode >= 300)
      throw new Error(`seeding ${method} ${url} answered ${response.statusCode}: ${response.body}`);
  }
}

export async function fingerprints(platform: PlatformUnderTest): Promise<Record<string, SchemaFingerprint>> {
  const all: Record<string, SchemaFingerprint> = {};
  for (const service of SERVICES)
    all[service] = await fingerprintSchema(platform.pool(service), platform.schemaOf(service));
  return all;
}

async function opsStatus(app: InjectableApp): Promise<OpsStatus> {
  const response = await app.inject({ method: 'GET', url: '/v1/ops/status', headers: adminAuth });
  return JSON.parse(await readBody(response.stream())) as OpsStatus;
}

/** What the platform's dead-letter topics hold, as "topic: count" (non-empty ones only). */
export async function deadLetters(apps: Record<ServiceName, InjectableApp>): Promise<string[]> {
  const found = new Map<string, string>();
  for (const service of SERVICES)
    for (const { topic, messages } of (await opsStatus(apps[service])).deadLetters)
      if (messages !== '0') found.set(topic, messages);
  return [...found].map(([topic, messages]) => `${topic}: ${messages}`);
}

/**
 * Waits until every consumer has read its topics to the end, every outbox is empty and then nothing
 * changes in any service's tables for `stableMs`: the state a fingerprint is compared against. A
 * consumer stuck retrying an event it can never apply shows here as lag that never reaches 0.
 */
export async function waitForQuiet(
  platform: PlatformUnderTest,
  apps: Record<ServiceName, InjectableApp>,
  { stableMs = 1500, timeoutMs = 120_000 } = {},
): Promise<Record<string, SchemaFingerprint>> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, SchemaFingerprint> = {};
  let since = Date.now();
  for (;;) {
    const busy: string[] = [];
    for (const service of SERVICES) {
      const status = await opsStatus(apps[service]);
      for (const consumer of status.consumers)
        if (consumer.totalLag !== '0')
          busy.push(`${consumer.groupId} on ${consumer.topic}: lag ${consumer.totalLag}`);
      if (status.outbox.backlog > 0) busy.push(`${service} outbox: ${status.outbox.backlog}`);
    }
    const now = await fingerprints(platform);
    busy.push(...changedTables(last, now));
    last = now;
    if (busy.length > 0) since = Date.now();
    else if (Date.now() - since >= stableMs) return now;
    if (Date.now() > deadline)
      throw new Error(`the platform is still busy after ${timeoutMs} ms: ${busy.join('; ')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function changedTables(
  before: Record<string, SchemaFingerprint>,
  after: Record<string, SchemaFingerprint>,
): string[] {
  return Object.entries(after).flatMap(([service, tables]) =>
    Object.entries(tables)
      .filter(([table, print]) => before[service]?.[table]?.md5 !== print.md5)
      .map(([table]) => `${service}.${table} changes`),
  );
}

/** Ids the platform holds (every text column named like an id), a few per column, for known-id inputs. */
export async function harvestIds(platform: PlatformUnderTest, perColumn = 20): Promise<string[]> {
  const ids = new Set<string>();
  for (const service of SERVICES) {
    const pool = platform.pool(service);
    const schema = platform.schemaOf(service);
    const tables = new Set(await tablesOf(pool, schema));
    const columns = await pool.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = $1 AND data_type = 'text' AND column_name LIKE '%id'`,
      [schema],
    );
    for (const { table_name: table, column_name: column } of columns.rows) {
      if (!tables.has(table)) continue;
      const values = await pool.query<{ value: string }>(
        `SELECT DISTINCT ${quote(column)} AS value FROM ${quote(schema)}.${quote(table)}
          WHERE ${quote(column)} IS NOT NULL LIMIT ${perColumn}`,
      );
      for (const { value } of values.rows) if (/^[A-Za-z0-9._-]{1,100}$/.test(value)) ids.add(value);
    }
  }
  return [...ids].sort();
}
