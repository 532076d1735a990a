import {
  type ReceivedSpan,
  type Receivers,
  startReceivers,
  startTraceReceiver,
  type TraceReceiver,
} from '@dunning/receivers';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Apps,
  type DunningStep,
  type PlatformClient,
  platformClient,
  startAll,
} from '../src/platform-client.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/platform-under-test.ts';
import { customerBody } from '../src/samples.ts';

// One simulated day lasts 200 ms: the standard ladder (days 7, 30, 60, 90) takes about 18 s.
const DAY_MS = 200;
// How late a step may run after its due time on a loaded 2-core machine: 15 days (3 s), well under
// the 23 days between the first two steps.
const TOLERANCE_MS = 15 * DAY_MS;
// OpenTelemetry's SpanKind, as OTLP numbers it.
const SPAN_SERVER = 2;
const SPAN_PRODUCER = 4;
const SPAN_CONSUMER = 5;
const LADDER = ['reminder', 'overdue-notice', 'final-notice', 'legal-letter'];

describe('the ladder through all four services', () => {
  let platform: PlatformUnderTest;
  let client: PlatformClient;
  let apps: Apps;
  // Email goes through SMTP to this mail server, SMS to this gateway: both count every arrival.
  let receivers: Receivers;
  // Every service exports its spans here over OTLP/HTTP (JSON).
  let traces: TraceReceiver;

  beforeAll(async () => {
    receivers = await startReceivers();
    traces = await startTraceReceiver();
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: traces.url };
    platform = platformUnderTest({
      dayMs: DAY_MS,
      receivers,
      env: { invoices: tracing, 'credit-risk': tracing, dunning: tracing, notifications: tracing },
    });
    apps = await startAll(platform);
    client = platformClient(apps);
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    await receivers?.close();
    await traces?.close();
  });

  const today = () => new Date().toISOString().slice(0, 10);
  const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  /** `dueInDays`: terms, which compressed days turn into that many DAY_MS before the due instant. */
  async function invoiceFor(name: string, amount = '5000.00', dueInDays = 0) {
    const customerId = `cust-${name}`;
    await client.upsertCustomer(customerId, {
      ...customerBody(name),
      phone: '+8613800138000',
      timezone: 'UTC',
    });
    const invoiceId = `inv-${name}`;
    await client.issueInvoice({
      invoiceId,
      customerId,
      number: `N-${name}`,
      currency: 'CNY',
      amount,
      issueDate: today(),
      dueDate: daysFromToday(dueInDays),
    });
    await waitFor(() => client.dunningOf(invoiceId), { what: `the dunning case of ${invoiceId}` });
    return { customerId, invoiceId };
  }
  const stepsOf = async (invoiceId: string) => (await client.dunningOf(invoiceId))!.steps;

  /** Steps stop changing once none is scheduled; re-plans (risk class changes) leave cancelled steps. */
  const finished = (invoiceId: string, timeoutMs = 60_000) =>
    waitFor(
      async () => {
        const current = await stepsOf(invoiceId);
        return current.length > 0 && current.every((s) => s.status !== 'scheduled') ? current : undefined;
      },
      { what: `the ladder of ${invoiceId} to finish`, timeoutMs, intervalMs: 250 },
    );

  /** The steps that ran: each level once, in time order, each on time, ending with the legal letter. */
  function expectWholeLadderRan(steps: DunningStep[]) {
    const done = steps.filter((s) => s.status === 'done');
    expect(done.map((s) => s.name).at(-1)).toBe('legal-letter');
    expect(new Set(done.map((s) => s.name)).size).toBe(done.length);
    const executed = done.map((s) => Date.parse(s.executedAt!));
    expect(executed).toEqual([...executed].sort((a, b) => a - b));
    for (const step of done) {
      const late = Date.parse(step.executedAt!) - Date.parse(step.dueAt);
      expect(late, `${step.name} ran ${late} ms after it was due`).toBeGreaterThanOrEqual(0);
      expect(late, `${step.name} ran ${late} ms after it was due`).toBeLessThan(TOLERANCE_MS);
    }
  }

  it.concurrent('runs an unpaid invoice through its whole ladder, in order, on time, once', {
    timeout: 120_000,
  }, async () => {
    const { invoiceId } = await invoiceFor('unpaid');
    const steps = await finished(invoiceId);
    expectWholeLadderRan(steps);
    // The ladder's first level always runs before any re-plan can happen.
    expect(steps[0]).toMatchObject({ name: LADDER[0], status: 'done' });
    const notifications = await waitFor(
      async () => {
        const items = await client.notificationsOf(invoiceId);
        // The legal letter's step may also send an email (high-risk): every notice settled, none pending.
        const done = items.some((n) => n.step === 'legal-letter' && n.status === 'sent');
        return done && items.every((n) => n.status !== 'pending') ? items : undefined;
      },
      { what: 'the legal letter and every other notice to be sent', timeoutMs: 30_000 },
    );
    const perStepAndChannel = new Map<string, number>();
    for (const n of notifications)
      perStepAndChannel.set(
        `${n.step}/${n.channel}`,
        (perStepAndChannel.get(`${n.step}/${n.channel}`) ?? 0) + 1,
      );
    expect([...perStepAndChannel.values()].every((count) => count === 1)).toBe(true);
    expect(new Set(notifications.map((n) => n.channel))).toEqual(new Set(['email', 'sms', 'letter']));
    // What reached the outside world: each email at the mail server once (by its Message-ID, see the
    // notifications README) and each SMS at the gateway once (by its Idempotency-Key, the delivery id).
    // The legal letter, the last step, went out weeks of DAY_MS after the other notices: a resend of
    // any of them would be in by now.
    const emails = notifications.filter((n) => n.channel === 'email');
    const texts = notifications.filter((n) => n.channel === 'sms');
    // The customer's risk class decides the ladder (and may change it midway): the standard and the
    // high-risk one both have at least the reminder's SMS and three emails.
    expect(emails.length).toBeGreaterThanOrEqual(3);
    expect(texts.length).toBeGreaterThanOrEqual(1);
    expect(
      emails.map((n) => [
        n.step,
        n.status,
        receivers.email.timesReceived(`<${n.id}@notifications.dunning.invalid>`),
      ]),
    ).toEqual(emails.map((n) => [n.step, 'sent', 1]));
    expect(texts.map((n) => [n.step, n.status, receivers.sms.timesReceived(n.id)])).toEqual(
      texts.map((n) => [n.step, 'sent', 1]),
    );
  });

  it.concurrent('stops after the reminder once the invoice is paid', async () => {
    const { invoiceId } = await invoiceFor('paid', '800.00');
    // The marker: another customer's unpaid invoice issued just after, whose ladder ends later.
    const marker = await invoiceFor('paid-marker');
    await waitFor(async () => (await stepsOf(invoiceId))[0]?.status === 'done', {
      what: 'the reminder',
      timeoutMs: 30_000,
    });
    await client.pay({
      paymentId: 'pay-paid-1',
      invoiceId,
      amount: '800.00',
      currency: 'CNY',
      receivedAt: new Date().toISOString(),
    });
    const closed = await waitFor(
      async () => {
        const current = await client.dunningOf(invoiceId);
        return current?.status === 'closed' ? current : undefined;
      },
      { what: 'the case to close' },
    );
    // Past the end of the ladder (the marker's legal letter is out): nothing more may have happened.
    await finished(marker.invoiceId);
    await waitFor(
      async () =>
        (await client.notificationsOf(marker.invoiceId)).some(
          (n) => n.step === 'legal-letter' && n.status === 'sent',
        ),
      { what: "the marker's legal letter", timeoutMs: 30_000 },
    );
    const after = (await client.dunningOf(invoiceId))!;
    expect(after.steps.filter((s) => s.status === 'done').map((s) => s.name)).toEqual(['reminder']);
    expect(after.steps.some((s) => s.status === 'scheduled')).toBe(false);
    expect(closed.status).toBe('closed');
    const notifications = await client.notificationsOf(invoiceId);
    expect(notifications.length).toBeGreaterThan(0);
    expect(notifications.every((n) => n.step === 'reminder')).toBe(true);
  });

  it.concurrent('sends nothing while disputed, and resumes after the dispute is rejected', async () => {
    // Ten days' terms: the dispute reaches dunning well before the reminder, on a busy machine too.
    const { invoiceId } = await invoiceFor('disputed', '5000.00', 10);
    const { disputeId } = (await client.openDispute(invoiceId, {
      disputeId: 'dsp-1',
      reason: 'goods damaged',
    })) as {
      disputeId: string;
    };
    await waitFor(async () => (await client.dunningOf(invoiceId))?.status === 'paused', {
      what: 'the pause',
    });
    // The marker: another customer's invoice issued now, so its steps fall due after this one's would
    // have. Once one of them due after this invoice's second step (day 30) ran and the marker's first
    // notices went out, the reminder and the overdue notice of the disputed invoice would have too.
    const secondDue = Date.parse((await stepsOf(invoiceId)).find((s) => s.name === LADDER[1])!.dueAt);
    const marker = await invoiceFor('disputed-marker');
    await waitFor(
      async () =>
        (await stepsOf(marker.invoiceId)).some((s) => s.status === 'done' && Date.parse(s.dueAt) > secondDue),
      { what: "a step of the marker due after the disputed invoice's second", timeoutMs: 60_000 },
    );
    await waitFor(
      async () =>
        (await client.notificationsOf(marker.invoiceId)).some(
          (n) => n.step === 'reminder' && n.status === 'sent',
        ),
      { what: "the marker's reminder notices" },
    );
    expect((await stepsOf(invoiceId)).filter((s) => s.status === 'done')).toEqual([]);
    expect(await client.notificationsOf(invoiceId)).toEqual([]);

    const pausedUntil = Date.now();
    await client.resolveDispute(disputeId, { resolution: 'rejected' });
    const steps = await finished(invoiceId, 90_000);
    expectWholeLadderRan(steps);
    // Nothing ran while the dispute was open.
    expect(
      steps.filter((s) => s.status === 'done').every((s) => Date.parse(s.executedAt!) >= pausedUntil),
    ).toBe(true);
  }, 150_000);

  it.concurrent('follows one POSTed invoice in one trace through all four services, in order', {
    timeout: 60_000,
  }, async () => {
    const { invoiceId } = await invoiceFor('traced');
    const isIssuedFact = (span: ReceivedSpan) =>
      span.attributes['cloudevents.event_subject'] === invoiceId &&
      span.attributes['cloudevents.event_type'] === 'ledger.invoice.issued';
    const services = ['invoices', 'credit-risk', 'dunning', 'notifications'];
    // Spans are exported in batches (every few seconds): wait for the consumers' to arrive.
    const spans = await waitFor(
      () => {
        const sent = traces.spans.find(
          (s) => s.service === 'invoices' && s.kind === SPAN_PRODUCER && isIssuedFact(s),
        );
        if (!sent) return undefined;
        const inTrace = traces.spans.filter((s) => s.traceId === sent.traceId);
        const consumed = services
          .slice(1)
          .every((service) =>
            inTrace.some((s) => s.service === service && s.kind === SPAN_CONSUMER && isIssuedFact(s)),
          );
        return consumed ? inTrace : undefined;
      },
      { what: `the trace of ${invoiceId} to reach every service`, timeoutMs: 30_000, intervalMs: 250 },
    );
    // Every span of the invoice's fact, wherever it was consumed, is in this one trace.
    expect(new Set(traces.spans.filter(isIssuedFact).map((s) => s.traceId))).toEqual(
      new Set([spans[0]!.traceId]),
    );
    // The root is the POST; the relay's send and each consumer's span descend from it, in time order.
    const root = spans.find((s) => s.parentSpanId === undefined)!;
    expect(root).toMatchObject({ service: 'invoices', kind: SPAN_SERVER, name: 'POST /v1/invoices' });
    expect(root.attributes['http.response.status_code']).toBe(201);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const descendsFromRoot = (span: ReceivedSpan): boolean =>
      span === root || (span.parentSpanId !== undefined && descendsFromRoot(byId.get(span.parentSpanId)!));
    expect(spans.every(descendsFromRoot)).toBe(true);
    const sent = spans.find((s) => s.kind === SPAN_PRODUCER && isIssuedFact(s))!;
    expect(sent.startNs).toBeGreaterThanOrEqual(root.startNs);
    for (const service of services.slice(1)) {
      const consumed = spans.find(
        (s) => s.service === service && s.kind === SPAN_CONSUMER && isIssuedFact(s),
      )!;
      expect(consumed.name, service).toMatch(/^process .*ledger/);
      expect(consumed.startNs, service).toBeGreaterThan(sent.startNs);
    }
  });

  it("lets ops see every service's consumers, outbox and queues", async () => {
    const expected = {
      invoices: { consumers: 3, queues: [] as string[] },
      creditRisk: { consumers: 3, queues: [] as string[] },
      dunning: { consumers: 3, queues: ['step-timers'] },
      notifications: { consumers: 2, queues: ['deliveries'] },
    };
    for (const [name, app] of Object.entries(apps) as [keyof Apps, Apps[keyof Apps]][]) {
      const response = await app.inject({ headers: adminAuth, method: 'GET', url: '/v1/ops/status' });
      expect(response.statusCode, name).toBe(200);
      const status = response.json() as {
        consumers: { groupId: string }[];
        outbox: { backlog: number };
        queues: { name: string }[];
      };
      const groups = new Set(status.consumers.map((c) => c.groupId));
      expect(groups.size, name).toBe(expected[name].consumers);
      expect(
        [...groups].every((g) => g.startsWith(platform.topicPrefix)),
        name,
      ).toBe(true);
      expect(
        status.queues.map((q) => q.name),
        name,
      ).toEqual(expected[name].queues);
      expect(status.outbox.backlog, name).toBeGreaterThanOrEqual(0);
    }
  });
});
