import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Receivers, startReceivers } from '@dunning/receivers';
import { waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DunningEventsRecorder, recordDunningEvents } from '../src/dunning-events-recorder.ts';
import { type PlatformClient, platformClient, startAll } from '../src/platform-client.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/platform-under-test.ts';
import { customerBody } from '../src/samples.ts';

const run = promisify(execFile);
const DAY_MS = 200;
const IMPORT_SCRIPT = fileURLToPath(
  new URL('../../../../services/invoices/scripts/import-open-items.ts', import.meta.url),
);
const isoDate = (calendarDaysFromToday = 0) =>
  new Date(Date.now() + calendarDaysFromToday * 86_400_000).toISOString().slice(0, 10);

// What the customer actually received, counted at the SMTP server and the SMS gateway. The tests in
// this file run one after the other so that the counts they take are theirs.
describe('dunning correctness through all four services', () => {
  let platform: PlatformUnderTest;
  let client: PlatformClient;
  let receivers: Receivers;
  let recorder: DunningEventsRecorder;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dunning-correctness-'));
    receivers = await startReceivers();
    platform = platformUnderTest({ dayMs: DAY_MS, receivers });
    client = platformClient(await startAll(platform));
    recorder = await recordDunningEvents(platform);
  }, 120_000);
  afterAll(async () => {
    await recorder?.stop();
    await platform?.close();
    await receivers?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function customer(name: string) {
    const customerId = `cust-${name}`;
    await client.upsertCustomer(customerId, {
      ...customerBody(name),
      phone: '+8613800138000',
      timezone: 'UTC',
    });
    return customerId;
  }

  /** Loads open items as a go-live would: the invoices service's import, real calendar dates. */
  async function importOpenItems(name: string, lines: string[]) {
    const file = join(dir, `${name}.csv`);
    await writeFile(
      file,
      ['invoiceId,customerId,number,currency,amount,issueDate,dueDate,openAmount', ...lines].join('\n'),
    );
    const { stdout } = await run(process.execPath, [IMPORT_SCRIPT, file], {
      env: { ...process.env, ...platform.env('invoices') },
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as { imported: number; rejected: number };
  }

  const received = () => ({ email: receivers.email.received, sms: receivers.sms.received });
  const actionsOf = (customerId: string) =>
    recorder.distinct('dunning.action.requested').filter((e) => e.data.customerId === customerId);

  it('never duns a residual of 0.01', { timeout: 60_000 }, async () => {
    const customerId = await customer('residual');
    const before = received();
    const summary = await importOpenItems('residual', [
      `inv-residual,${customerId},N-residual,CNY,1000.00,${isoDate(-40)},${isoDate(-20)},0.01`,
    ]);
    expect(summary).toMatchObject({ imported: 1, rejected: 0 });
    // Every level's step ends skipped, in the transaction that would otherwise have asked for its
    // notice: once none is left scheduled, nothing was sent and nothing will be.
    const steps = await waitFor(
      async () => {
        const c = await client.dunningOf('inv-residual');
        return c && c.steps.length > 0 && c.steps.every((s) => s.status !== 'scheduled')
          ? c.steps
          : undefined;
      },
      { what: 'every step of the residual ended', timeoutMs: 40_000, intervalMs: 250 },
    );
    expect(steps[0]).toMatchObject({ name: 'reminder', level: 1, reason: 'below the minimum amount' });
    expect(steps.filter((s) => s.status === 'done')).toEqual([]);
    expect(actionsOf(customerId)).toEqual([]);
    expect(received()).toEqual(before);
  });

  it('gives an item loaded 100 days overdue exactly one reminder, not a stack', {
    timeout: 90_000,
  }, async () => {
    const customerId = await customer('late');
    const before = received();
    const summary = await importOpenItems('late', [
      `inv-late,${customerId},N-late,CNY,5000.00,${isoDate(-130)},${isoDate(-100)},`,
    ]);
    expect(summary).toMatchObject({ imported: 1, rejected: 0 });
    // The standard reminder goes by SMS and email: one of each arrives, then nothing for a while
    // although the overdue, final and legal steps were all long due.
    await waitFor(() => receivers.email.received > before.email && receivers.sms.received > before.sms, {
      what: 'the reminder at the receivers',
      timeoutMs: 30_000,
    });
    // Then one level at a time, each a minimum interval (7 days) after the one before.
    const steps = await waitFor(
      async () => {
        const c = await client.dunningOf('inv-late');
        return c?.steps.every((s) => s.status !== 'scheduled') ? c.steps : undefined;
      },
      { what: 'the ladder to finish', timeoutMs: 60_000, intervalMs: 250 },
    );
    // A customer this late is re-scored high risk on the way (its policy changes): whatever the policy,
    // the levels that ran go up one at a time from the reminder to the legal letter.
    const ran = steps
      .filter((s) => s.status === 'done')
      .sort((a, b) => Date.parse(a.executedAt!) - Date.parse(b.executedAt!));
    const levels = ran.map((s) => s.level);
    expect(levels[0]).toBe(1);
    expect(levels.at(-1)).toBe(4);
    for (const [i, level] of levels.slice(1).entries()) expect([0, 1]).toContain(level - levels[i]!);
    const sent = ran.map((s) => Date.parse(s.executedAt!));
    for (const [i, at] of sent.slice(1).entries()) expect(at - sent[i]!).toBeGreaterThanOrEqual(7 * DAY_MS);
    // Not a stack: the first notice was the reminder alone (its SMS and email), the next came a minimum
    // interval later.
    const actions = actionsOf(customerId).sort(
      (a, b) => Date.parse(a.data.requestedAt) - Date.parse(b.data.requestedAt),
    );
    const first = actions.filter((e) => e.data.requestedAt === actions[0]!.data.requestedAt);
    expect(first.map((e) => `${e.data.step}/${e.data.level}/${e.data.channel}`).sort()).toEqual([
      'reminder/1/email',
      'reminder/1/sms',
    ]);
    const next = actions.find((e) => e.data.requestedAt !== actions[0]!.data.requestedAt);
    expect(
      Date.parse(next!.data.requestedAt) - Date.parse(actions[0]!.data.requestedAt),
    ).toBeGreaterThanOrEqual(7 * DAY_MS);
  });

  it('gives two currencies of one customer two notices', { timeout: 60_000 }, async () => {
    const customerId = await customer('two-currencies');
    for (const [invoiceId, currency, amount] of [
      ['inv-two-eur', 'EUR', '800.00'],
      ['inv-two-usd', 'USD', '900.00'],
    ] as const) {
      await client.issueInvoice({
        invoiceId,
        customerId,
        number: `N-${invoiceId}`,
        currency,
        amount,
        issueDate: isoDate(-37),
        dueDate: isoDate(-7),
      });
    }
    // Each currency's reminder: one email and one SMS, each its own notice listing that invoice alone.
    const sentOf = async (invoiceId: string) =>
      (await client.notificationsOf(invoiceId)).filter((n) => n.step === 'reminder' && n.status === 'sent');
    await waitFor(
      async () => (await sentOf('inv-two-eur')).length >= 2 && (await sentOf('inv-two-usd')).length >= 2,
      { what: 'both reminders sent', timeoutMs: 30_000 },
    );
    // The marker: a later customer's reminder has been sent; no third reminder notice came meanwhile
    // (the overdue notices follow 23 days, 4.6 s, after the reminders).
    const marker = await customer('two-currencies-marker');
    await client.issueInvoice({
      invoiceId: 'inv-two-marker',
      customerId: marker,
      number: 'N-two-marker',
      currency: 'EUR',
      amount: '700.00',
      issueDate: isoDate(-37),
      dueDate: isoDate(-7),
    });
    await waitFor(async () => (await sentOf('inv-two-marker')).length >= 2, {
      what: "the marker customer's reminder",
      timeoutMs: 30_000,
    });
    const notices = [...(await sentOf('inv-two-eur')), ...(await sentOf('inv-two-usd'))];
    expect(notices.map((n) => `${n.invoiceIds.join()}/${n.channel}`).sort()).toEqual([
      'inv-two-eur/email',
      'inv-two-eur/sms',
      'inv-two-usd/email',
      'inv-two-usd/sms',
    ]);
    // What the customer got, counted at the mail server and the SMS gateway: each notice once.
    for (const notice of notices) {
      const times =
        notice.channel === 'email'
          ? receivers.email.timesReceived((await client.notification(notice.id)).messageId!)
          : receivers.sms.timesReceived(notice.id);
      expect(times, `${notice.channel} ${notice.id}`).toBe(1);
    }
    const emails = actionsOf(customerId).filter((e) => e.data.channel === 'email' && e.data.level === 1);
    expect(emails.map((e) => e.data.invoices.map((i) => i.currency).join()).sort()).toEqual(['EUR', 'USD']);
  });
});
