// (b) End-to-end ingest: ERP events on erp.events.v1 until dunning has planned every invoice, and
// (e) Redis memory with many open cases whose steps lie beyond the horizon.
import type { ErpEvent } from '@dunning/contracts';
import type { EventProducer } from '@dunning/kafka';
import { progressLine } from '@dunning/service-runtime/progress-line';
import { ratePerSecond } from '../domain/stats.ts';
import { ErpLoad, erpProducer, toMessage } from '../load/erp-load.ts';
import type { BenchOptions } from '../options.ts';
import {
  type OpsSample,
  opsStatus,
  type StageSample,
  startPipelineSampler,
} from '../platform/pipeline-sampler.ts';
import { type PhaseEnvironment, type PhaseRun, runPhase } from '../platform/run-phase.ts';
import { mib, thousands } from '../progress.ts';

const BATCH = 2_000;

export interface IngestResult {
  invoices: number;
  customers: number;
  events: number;
  planned: number;
  partial: boolean;
  /** Why the phase ended before every invoice was planned. */
  cutOff: 'time limit' | 'stalled' | null;
  /** From the first event produced to the last invoice planned. */
  seconds: number;
  erpEventsPerSecond: number;
  invoicesPlannedPerSecond: number;
  producedPerSecond: number;
  /** Rates between 10 % and 90 % of the invoices, per stage: the steady state, without start and tail. */
  sustained: { ledgerInvoicesPerSecond: number; plannedInvoicesPerSecond: number };
  redis: {
    atReadyBytes: number;
    few: { openCases: number; bytes: number } | null;
    many: { openCases: number; bytes: number } | null;
    bytesPerOpenCase: number | null;
    /** Step timers in dunning's queue at the end (the horizon pump arms only those due soon). */
    dunningQueue: Record<string, number>;
  };
  /** Per second since the first event: produced, recorded by the ledger, planned by dunning. */
  series: { produced: number[]; ledger: number[]; planned: number[] };
  stages: StageSample[];
  ops: OpsSample[];
  startedAt: number;
}

/**
 * Customers first, then invoices, in batches; the next batch is built while the previous one is on
 * its way, so the generator costs little of the producing time.
 */
async function produceAll(
  producer: EventProducer,
  topic: string,
  load: ErpLoad,
  invoices: number,
  ratePerS: number,
  produced: { at: number; count: number }[],
  shouldStop: () => boolean,
): Promise<void> {
  const startedAt = Date.now();
  let queued = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const send = async (events: ErpEvent[]) => {
    const messages = events.map(toMessage);
    if (ratePerS > 0) {
      const wait = startedAt + (queued / ratePerS) * 1000 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    queued += events.length;
    await inFlight;
    inFlight = producer.send({ topic, messages }).then(() => {
      produced.push({ at: Date.now(), count: messages.length });
    });
    // Awaited before the next send; until then a failure must not count as unhandled.
    inFlight.catch(() => {});
  };
  for (const customers of load.customerBatches()) {
    if (shouldStop()) break;
    await send(customers);
  }
  for (let done = 0; done < invoices && !shouldStop(); done += BATCH) {
    await send(load.invoices(Math.min(BATCH, invoices - done)));
  }
  await inFlight;
}

/** Rows per whole second since `startMs`, counted by PostgreSQL from a timestamp column. */
async function perSecond(environment: PhaseEnvironment, table: string, column: string, startMs: number) {
  const { rows } = await environment.db.query<{ second: number; n: number }>({
    text: `SELECT floor((extract(epoch FROM ${column}) * 1000 - $1) / 1000)::int AS second, count(*)::int AS n
           FROM ${table} GROUP BY 1 ORDER BY 1`,
    values: [startMs],
  });
  const series: number[] = [];
  for (const { second, n } of rows) if (second >= 0) series[second] = n;
  return Array.from(series, (n) => n ?? 0);
}

/** Rows per second between the instants at which 10 % and 90 % of them were written. */
async function sustainedRate(environment: PhaseEnvironment, table: string, column: string): Promise<number> {
  const { rows } = await environment.db.query<{ n: number; p10: number | null; p90: number | null }>(
    `SELECT count(*)::int AS n,
            extract(epoch FROM percentile_disc(0.1) WITHIN GROUP (ORDER BY ${column})) * 1000 AS p10,
            extract(epoch FROM percentile_disc(0.9) WITHIN GROUP (ORDER BY ${column})) * 1000 AS p90
     FROM ${table}`,
  );
  const { n, p10, p90 } = rows[0]!;
  return p10 === null || p90 === null ? 0 : ratePerSecond(Math.round(n * 0.8), Number(p10), Number(p90));
}

async function runIngest(options: BenchOptions, environment: PhaseEnvironment): Promise<IngestResult> {
  const { platform, db, redis } = environment;
  const invoices = options.invoices;
  const load = new ErpLoad(platform.name, Math.ceil(invoices / options['invoices-per-customer']));
  const cases = `${platform.schemaOf('dunning')}.dunning_cases`;
  const ledgerInvoices = `${platform.schemaOf('invoices')}.invoices`;
  const { topic, producer } = await erpProducer(options.brokers, platform.topicPrefix);

  const atReadyBytes = await redis.usedMemory();
  const sampler = startPipelineSampler(environment, [
    { stage: 'ledger', service: 'invoices', table: 'invoices' },
    { stage: 'planned', service: 'dunning', table: 'dunning_cases' },
  ]);
  const produced: { at: number; count: number }[] = [];
  const startedAt = Date.now();
  const deadline = startedAt + options['ingest-max-minutes'] * 60_000;
  const progress = progressLine({ label: 'ingest' });
  let few: IngestResult['redis']['few'] = null;
  const producerDone = produceAll(
    producer,
    topic,
    load,
    invoices,
    options['ingest-rate'],
    produced,
    () => Date.now() > deadline,
  );
  let producerFailed: Error | undefined;
  producerDone.catch((error: Error) => {
    producerFailed = error;
  });

  let planned = 0;
  let lastPlannedAt = startedAt;
  let countedAt = 0;
  let advancedAt = startedAt;
  let cutOff: IngestResult['cutOff'] = null;
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (producerFailed) throw new Error(`producing the ERP events failed: ${producerFailed.message}`);
      const latest = sampler.latest();
      const estimate = latest?.rows.planned ?? 0;
      if (!few && latest && estimate >= Math.max(1, invoices / 100)) {
        few = { openCases: estimate, bytes: latest.redisBytes };
      }
      const sent = produced.reduce((sum, p) => sum + p.count, 0);
      const now = Date.now();
      const seconds = (now - startedAt) / 1000;
      const outbox = sampler.ops.at(-1)?.outbox ?? {};
      progress.update(
        `${thousands(seconds)} s  produced ${thousands(sent)}/${thousands(load.customerCount + invoices)}  ` +
          `ledger ${thousands(latest?.rows.ledger ?? 0)}  planned ~${thousands(estimate)}/${thousands(invoices)} ` +
          `(${thousands(estimate / Math.max(seconds, 1))}/s)  outbox inv ${outbox.invoices ?? '?'} dun ${outbox.dunning ?? '?'}  ` +
          `redis ${mib(latest?.redisBytes ?? 0)}`,
      );
      // The statistics are cheap but approximate (a rolled-back chunk counts too): count exactly near the
      // end, and every 15 s to tell a slow pipeline from a stuck one.
      if (estimate >= invoices || now - countedAt >= 15_000 || now > deadline) {
        const { rows } = await db.query<{ n: number; last: number | null }>(
          `SELECT count(*)::int AS n, extract(epoch FROM max(opened_at)) * 1000 AS last FROM ${cases}`,
        );
        countedAt = now;
        if (rows[0]!.n > planned) advancedAt = now;
        planned = rows[0]!.n;
        lastPlannedAt = Number(rows[0]!.last ?? now);
        if (planned >= invoices) break;
        if (now > deadline) cutOff = 'time limit';
        else if (now - advancedAt > options['stall-seconds'] * 1000) cutOff = 'stalled';
        if (cutOff) break;
      }
    }
    await producerDone;
  } catch (error) {
    await sampler.stop();
    await producer.disconnect().catch(() => {});
    throw error;
  }
  await producer.disconnect();
  const partial = planned < invoices;
  const many = { openCases: planned, bytes: await redis.usedMemory() };
  const dunningStatus = await opsStatus(environment, 'dunning');
  await sampler.stop();
  const seconds = (lastPlannedAt - startedAt) / 1000;
  const events = produced.reduce((sum, p) => sum + p.count, 0);
  const producedSeries: number[] = [];
  for (const p of produced) {
    const second = Math.floor((p.at - startedAt) / 1000);
    producedSeries[second] = (producedSeries[second] ?? 0) + p.count;
  }
  const lastProducedAt = produced.at(-1)?.at ?? startedAt;
  progress.done(
    `${cutOff ? `PARTIAL (${cutOff}): ` : ''}${thousands(planned)} invoices planned in ${seconds.toFixed(1)} s ` +
      `(${thousands(planned / Math.max(seconds, 0.001))}/s); the ${thousands(events)} events were produced in ` +
      `${((lastProducedAt - startedAt) / 1000).toFixed(1)} s`,
  );
  return {
    invoices,
    customers: load.customerCount,
    events,
    planned,
    partial,
    cutOff,
    seconds,
    erpEventsPerSecond: ratePerSecond(events, startedAt, lastPlannedAt),
    invoicesPlannedPerSecond: ratePerSecond(planned, startedAt, lastPlannedAt),
    producedPerSecond: ratePerSecond(events, startedAt, lastProducedAt),
    sustained: {
      ledgerInvoicesPerSecond: await sustainedRate(environment, ledgerInvoices, 'created_at'),
      plannedInvoicesPerSecond: await sustainedRate(environment, cases, 'opened_at'),
    },
    redis: {
      atReadyBytes,
      few,
      many,
      bytesPerOpenCase:
        few && many.openCases > few.openCases
          ? Math.round((many.bytes - few.bytes) / (many.openCases - few.openCases))
          : null,
      dunningQueue: Object.fromEntries(
        (dunningStatus?.queues ?? []).flatMap((q) =>
          Object.entries(q.counts).map(([state, n]) => [`${q.name}:${state}`, n]),
        ),
      ),
    },
    series: {
      produced: Array.from(producedSeries, (n) => n ?? 0),
      ledger: await perSecond(environment, ledgerInvoices, 'created_at', startedAt),
      planned: await perSecond(environment, cases, 'opened_at', startedAt),
    },
    stages: sampler.stages,
    ops: sampler.ops,
    startedAt,
  };
}

export function ingestPhase(options: BenchOptions, name: string): Promise<PhaseRun<IngestResult>> {
  // Real days: every invoice is due weeks ahead, so dunning plans and nothing runs.
  return runPhase(options, name, {}, (environment) => runIngest(options, environment));
}
