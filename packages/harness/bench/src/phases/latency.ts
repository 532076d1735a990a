import { progressLine } from '@dunning/service-runtime/progress-line';
import pg from 'pg';
import { type Distribution, distribution, perSecondCounts } from '../domain/stats.ts';
import { ErpLoad, erpProducer, toMessage } from '../load/erp-load.ts';
import type { BenchOptions } from '../options.ts';
import { type OpsSample, type StageSample, startPipelineSampler } from '../platform/pipeline-sampler.ts';
import { type PhaseEnvironment, type PhaseRun, runPhase } from '../platform/run-phase.ts';
import { thousands } from '../progress.ts';

const TICK_MS = 10;

export interface LatencyResult {
  rate: number;
  seconds: number;
  sent: number;
  planned: number;
  /** Produce call to the commit of the dunning plan (case and steps), in ms. */
  latencyMs: Distribution;
  /** The rate actually produced over the window. */
  achievedRate: number;
  /** Plans committed per second during the window (any invoice): below the rate, a backlog grows. */
  plansPerSecondInWindow: number;
  /** Per second of the measured window: events produced, their latency p50/p99, plans committed. */
  series: { sent: number[]; p50: (number | null)[]; p99: (number | null)[]; plans: number[] };
  stages: StageSample[];
  ops: OpsSample[];
}

/**
 * A plan is visible to others when dunning's transaction commits; a trigger on the case table
 * NOTIFYs, and PostgreSQL delivers notifications exactly at commit, so the time the listener hears
 * it is the time the plan became real (plus a local round trip), not when the row was written.
 */
async function listenForPlans(
  environment: PhaseEnvironment,
  databaseUrl: string,
  onPlanned: (id: string) => void,
) {
  const schema = environment.platform.schemaOf('dunning');
  const channel = `${environment.platform.name}_planned`;
  await environment.db.query(`
    CREATE FUNCTION ${schema}.bench_announce_plan() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('${channel}', NEW.invoice_id); RETURN NULL; END $$;
    CREATE TRIGGER bench_announce_plan AFTER INSERT ON ${schema}.dunning_cases
      FOR EACH ROW EXECUTE FUNCTION ${schema}.bench_announce_plan();`);
  const listener = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-listener' });
  await listener.connect();
  listener.on('notification', (message) => {
    if (message.payload) onPlanned(message.payload);
  });
  await listener.query(`LISTEN ${channel}`);
  return listener;
}

/** Waits until dunning knows every customer, so the measured events find their profiles. */
async function waitForCustomers(environment: PhaseEnvironment, customers: number): Promise<void> {
  const table = `${environment.platform.schemaOf('dunning')}.dunning_customers`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { rows } = await environment.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    if (rows[0]!.n >= customers) return;
    if (Date.now() > deadline)
      throw new Error(`dunning knows ${rows[0]!.n} of ${customers} customers after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function runLatency(options: BenchOptions, environment: PhaseEnvironment): Promise<LatencyResult> {
  const { platform } = environment;
  const rate = options['latency-rate'];
  const windowMs = options['latency-seconds'] * 1000;
  const warmupMs = options['latency-warmup-seconds'] * 1000;
  const load = new ErpLoad(platform.name, options['latency-customers']);
  const { topic, producer } = await erpProducer(options.brokers, platform.topicPrefix);
  const progress = progressLine({ label: 'latency' });

  for (const customers of load.customerBatches())
    await producer.send({ topic, messages: customers.map(toMessage) });
  await waitForCustomers(environment, load.customerCount);

  const sentAt = new Map<string, number>();
  const latencies = new Map<string, number>();
  const plannedAt: number[] = [];
  const listener = await listenForPlans(environment, options.databaseUrl, (invoiceId) => {
    const now = Date.now();
    plannedAt.push(now);
    const at = sentAt.get(invoiceId);
    if (at !== undefined && !latencies.has(invoiceId)) latencies.set(invoiceId, now - at);
  });
  const sampler = startPipelineSampler(environment, [
    { stage: 'planned', service: 'dunning', table: 'dunning_cases' },
  ]);

  // Paced by the clock, not by the ticks: a late tick sends what is due, so the rate holds on average.
  const startedAt = Date.now();
  const windowStart = startedAt + warmupMs;
  const end = windowStart + windowMs;
  const measured: { id: string; at: number }[] = [];
  let sent = 0;
  let shownAt = 0;
  try {
    for (let now = Date.now(); now < end; now = Date.now()) {
      const due = Math.floor(((now - startedAt) * rate) / 1000) - sent;
      if (due > 0) {
        const events = load.invoices(due);
        const at = Date.now();
        for (const event of events) {
          const id = (event.data as { invoiceId: string }).invoiceId;
          sentAt.set(id, at);
          if (at >= windowStart) measured.push({ id, at });
        }
        await producer.send({ topic, messages: events.map(toMessage) });
        sent += due;
      }
      if (now - shownAt >= 1000) {
        shownAt = now;
        progress.update(
          `${((now - startedAt) / 1000).toFixed(0)} s  sent ${thousands(sent)}  measured ${thousands(measured.length)}  ` +
            `planned ${thousands(latencies.size)}${now < windowStart ? '  (warming up)' : ''}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, TICK_MS - (Date.now() - now))));
    }
    const drainUntil = Date.now() + options['latency-drain-seconds'] * 1000;
    while (measured.some(({ id }) => !latencies.has(id)) && Date.now() < drainUntil) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await producer.disconnect();
    await listener.end();
    await sampler.stop();
  }

  const values = measured.flatMap(({ id }) => (latencies.has(id) ? [latencies.get(id)!] : []));
  const seconds = Math.ceil(windowMs / 1000);
  const buckets = Array.from({ length: seconds }, () => ({ values: [] as number[], missing: 0, sent: 0 }));
  for (const { id, at } of measured) {
    const bucket = buckets[Math.min(seconds - 1, Math.floor((at - windowStart) / 1000))]!;
    bucket.sent++;
    const latency = latencies.get(id);
    if (latency === undefined) bucket.missing++;
    else bucket.values.push(latency);
  }
  const perSecond = buckets.map((b) => distribution(b.values, b.missing));
  const plans = perSecondCounts(plannedAt, windowStart, end);
  const result: LatencyResult = {
    rate,
    seconds: windowMs / 1000,
    sent: measured.length,
    planned: values.length,
    latencyMs: distribution(values, measured.length - values.length),
    achievedRate: Math.round(measured.length / (windowMs / 1000)),
    plansPerSecondInWindow: Math.round(plans.reduce((sum, n) => sum + n, 0) / (windowMs / 1000)),
    series: {
      sent: buckets.map((b) => b.sent),
      p50: perSecond.map((d) => d.p50),
      p99: perSecond.map((d) => d.p99),
      plans,
    },
    stages: sampler.stages,
    ops: sampler.ops,
  };
  progress.done(
    `${thousands(result.planned)}/${thousands(result.sent)} planned at ${thousands(result.achievedRate)} ev/s: ` +
      `p50 ${result.latencyMs.p50 ?? '-'} ms, p99 ${result.latencyMs.p99 ?? '-'} ms; ` +
      `${thousands(result.plansPerSecondInWindow)} plans/s committed during the window`,
  );
  return result;
}

export function latencyPhase(options: BenchOptions, name: string): Promise<PhaseRun<LatencyResult>> {
  return runPhase(options, name, {}, (environment) => runLatency(options, environment));
}
