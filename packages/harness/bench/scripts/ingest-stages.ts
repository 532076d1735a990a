// Measures ERP ingest on a fresh topic prefix and fresh schemas: the services start as their own
// processes; once their consumer groups are up, a seeded ERP history is sent to erp.events.v1 as fast
// as the producer goes, and the clock runs from the first send until the last effect is in PostgreSQL.
//   node packages/harness/bench/scripts/ingest-stages.ts [--invoices 50000] [--stage ledger|dunning|e2e] [--mix issued|full]
// --stage ledger: the invoices service alone (ERP event -> ledger -> outbox -> ledger.events.v1).
// --stage dunning: as ledger, then dunning starts and drains ledger.events.v1 alone (cases and steps).
// --stage e2e: invoices and dunning together, until every invoice has its dunning case and steps.
// --mix issued: the customers and their issued invoices only; full: the whole history (payments,
// credit notes, disputes, cancellations) in order. Reads KAFKA_BROKERS, DATABASE_URL and REDIS_URL.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { dlqTopic, Topics } from '@dunning/contracts';
import { type SimEvent, simulate } from '@dunning/erp-simulator';
import { createKafka, ensureTopics, topicName } from '@dunning/kafka';
import { createPool } from '@dunning/pg';
import { platformService, repositoryRoot } from '@dunning/platform-manifest';
import { consumerGroupId } from '@dunning/service-host';
import { deleteTopics, dropSchemas } from '@dunning/testing';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { pino } from 'pino';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '50000' },
    stage: { type: 'string', default: 'ledger' },
    mix: { type: 'string', default: 'issued' },
    seed: { type: 'string', default: '7' },
    keep: { type: 'boolean', default: false },
    'timeout-s': { type: 'string', default: '600' },
    // Writes a V8 CPU profile of each service into this directory.
    profile: { type: 'string' },
  },
});
const wantedInvoices = Number(values.invoices);
const stage = values.stage;
if (
  !Number.isInteger(wantedInvoices) ||
  wantedInvoices < 1 ||
  !['ledger', 'dunning', 'e2e'].includes(stage ?? '')
) {
  process.stderr.write(
    'usage: ingest-stages.ts [--invoices N] [--stage ledger|dunning|e2e] [--mix issued|full]\n',
  );
  process.exit(2);
}
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dunning_test';
const timeoutMs = Number(values['timeout-s']) * 1000;
const run = `bench_ingest_${Date.now().toString(36)}`;
const prefix = `${run}.`;
const schemas = { invoices: `${run}_invoices`, dunning: `${run}_dunning` };
const say = (line: string) => process.stdout.write(`${line}\n`);

/** The simulated history, cut after the customer's wanted invoices: about two invoices a month each. */
function history(): { events: SimEvent[]; invoices: number } {
  const customers = Math.max(1, Math.ceil(wantedInvoices / 24));
  // Dates a few months ahead: no dunning step falls due while the bench runs.
  const start = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  const all = simulate({ customers, months: 14, seed: Number(values.seed), startDate: start, runId: run });
  const kept = new Set<string>();
  const events: SimEvent[] = [];
  for (const sim of all) {
    const data = sim.event.data as { invoiceId?: string; customerId?: string };
    if (sim.event.type === 'erp.invoice.issued') {
      if (kept.size >= wantedInvoices) continue;
      kept.add(data.invoiceId as string);
    } else if (sim.event.type !== 'erp.customer.upserted') {
      if (values.mix !== 'full') continue;
      // A payment, credit, cancellation or dispute of an invoice left out is left out too.
      const invoiceId =
        data.invoiceId ?? (sim.event.data as { disputeId?: string }).disputeId?.replace(/-D\d+$/, '');
      if (invoiceId !== undefined && !kept.has(invoiceId)) continue;
      if (invoiceId === undefined && data.customerId === undefined) continue;
    }
    events.push(sim);
  }
  return { events, invoices: kept.size };
}

const kafka = createKafka({ brokers, clientId: 'bench-ingest', logger: pino({ level: 'warn' }) });
const erpTopic = topicName(prefix, Topics.erpEvents);

async function produce(events: SimEvent[]): Promise<number> {
  const producer = await kafka.producer();
  const startedAt = performance.now();
  for (let i = 0; i < events.length; i += 2000) {
    await producer.send({
      topic: erpTopic,
      messages: events.slice(i, i + 2000).map(({ event }) => {
        const data = event.data as { customerId?: string; invoiceId?: string; disputeId?: string };
        const key = data.customerId ?? (data.invoiceId ?? data.disputeId ?? '').replace(/-INV\d+.*$/, '');
        return { key, value: JSON.stringify(event) };
      }),
    });
  }
  await producer.disconnect();
  return (performance.now() - startedAt) / 1000;
}

/** Waits until every consumer group has members and partitions: the services are consuming. */
async function groupsStable(groupIds: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = performance.now() + 120_000;
    for (;;) {
      const groups = await admin.describeGroups(groupIds);
      if (groups.every((group) => group.state === 'Stable' && group.members.length > 0)) return;
      if (performance.now() > deadline) throw new Error('consumer groups did not settle');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by every process whose command name is `name` (e.g. postgres, java). */
function cpuSecondsOf(name: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name) total += cpuSeconds(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Busy and total CPU time of the machine so far (all cores), in seconds. */
function machineSeconds(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0) / 100;
  const idle = ((fields[3] ?? 0) + (fields[4] ?? 0)) / 100;
  return { busy: total - idle, total };
}

interface Service {
  name: 'invoices' | 'dunning';
  process: ChildProcess;
}

function startService(name: Service['name'], schema: string): Service {
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = spawn(process.execPath, [...profile, platformService(name).main], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers.join(','),
      DB_SCHEMA: schema,
      KAFKA_TOPIC_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'warn',
    },
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') say(`${name} exited: ${code ?? signal}`);
  });
  return { name, process: child };
}

async function stopService({ process: child }: Service): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function count(pool: pg.Pool, sql: string): Promise<number> {
  try {
    return Number((await pool.query<{ n: string }>(`SELECT (${sql})::text AS n`)).rows[0]?.n ?? 0);
  } catch {
    return 0; // the service has not created its tables yet
  }
}

interface Milestone {
  name: string;
  /** Progress towards `total`, read from the database. */
  progress: () => Promise<number>;
  total: number;
  firstAt?: number;
  firstValue?: number;
  doneAt?: number;
}

async function watch(milestones: Milestone[]): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastReport = performance.now();
  while (milestones.some((m) => m.doneAt === undefined)) {
    if (performance.now() > deadline) throw new Error('timed out');
    for (const m of milestones) {
      if (m.doneAt !== undefined) continue;
      const value = await m.progress();
      const at = performance.now();
      if (m.firstAt === undefined && value > 0) {
        m.firstAt = at;
        m.firstValue = value;
      }
      if (value >= m.total) m.doneAt = at;
    }
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      const lines = await Promise.all(
        milestones.map(async (m) => `${m.name} ${await m.progress()}/${m.total}`),
      );
      say(`  ... ${lines.join(', ')}`);
    }
    // Polling costs the database too: four times a second is enough.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const services: Service[] = [];

/** CPU used by the services, PostgreSQL and the broker while `work` runs, and how busy the machine was. */
async function withCpu(work: () => Promise<void>): Promise<string> {
  const before = {
    services: services.map((service) => cpuSeconds(service.process.pid)),
    postgres: cpuSecondsOf('postgres'),
    kafka: cpuSecondsOf('java'),
    machine: machineSeconds(),
  };
  await work();
  const machine = machineSeconds();
  const busy = (machine.busy - before.machine.busy) / (machine.total - before.machine.total);
  const used = services.map(
    (service, i) =>
      `${service.name} ${(cpuSeconds(service.process.pid) - (before.services[i] ?? 0)).toFixed(1)}`,
  );
  // PostgreSQL and the broker serve whoever else uses them meanwhile: their share is an upper bound.
  return (
    `CPU seconds: ${used.join(', ')}, postgres ${(cpuSecondsOf('postgres') - before.postgres).toFixed(1)}, ` +
    `kafka ${(cpuSecondsOf('java') - before.kafka).toFixed(1)}; machine ${Math.round(busy * 100)} % busy, ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`
  );
}

const rate = (count: number, seconds: number) => `${Math.round(count / seconds)}/s`;

const { events, invoices } = history();
say(`bench-ingest: ${events.length} ERP events (${invoices} invoices, mix ${values.mix}), stage ${stage}`);
const admin = kafka.admin();
await admin.connect();
await ensureTopics(admin, [erpTopic, topicName(prefix, Topics.ledgerEvents)]);
await admin.disconnect();

const invoicesPool = createPool({
  connectionString: databaseUrl,
  schema: schemas.invoices,
  applicationName: 'bench',
});
const dunningPool = createPool({
  connectionString: databaseUrl,
  schema: schemas.dunning,
  applicationName: 'bench',
});
try {
  services.push(startService('invoices', schemas.invoices));
  const groups = [consumerGroupId(prefix, 'invoices', 'erp-events')];
  if (stage === 'e2e') {
    services.push(startService('dunning', schemas.dunning));
    groups.push(consumerGroupId(prefix, 'dunning', 'ledger-events'));
  }
  await groupsStable(groups);
  // A rejected event (say, a dispute on an invoice the history already settled) is not recorded as
  // processed: it is on the dead-letter topic instead.
  const dlqAdmin = kafka.admin();
  await dlqAdmin.connect();
  const deadLetters = async () =>
    (await dlqAdmin.fetchTopicOffsets(dlqTopic(erpTopic))).reduce((sum, p) => sum + Number(p.high), 0);
  const applied: Milestone = {
    name: 'ledger applied',
    progress: async () =>
      (await count(invoicesPool, 'SELECT count(*) FROM processed_events')) + (await deadLetters()),
    total: events.length,
  };
  const published: Milestone = {
    name: 'ledger published',
    // Asked only once every event is applied.
    progress: async () =>
      applied.doneAt !== undefined && (await count(invoicesPool, 'SELECT count(*) FROM outbox')) === 0
        ? 1
        : 0,
    total: 1,
  };
  const planned: Milestone = {
    name: 'dunning planned',
    progress: () => count(dunningPool, 'SELECT count(*) FROM dunning_cases'),
    total: invoices,
  };
  const milestones = stage === 'e2e' ? [applied, published, planned] : [applied, published];
  // The clock starts as the first events are sent: the services are up and consuming by then.
  const startedAt = performance.now();
  const cpu = await withCpu(async () => {
    const produced = produce(events);
    await watch(milestones);
    say(`produced in ${(await produced).toFixed(2)} s (while consuming)`);
  });
  const after = (m: Milestone) => ((m.doneAt ?? 0) - startedAt) / 1000;
  for (const m of milestones) say(`${m.name.padEnd(18)} done ${after(m).toFixed(2)} s after the first send`);
  say(
    `ledger consumer: ${rate(events.length, after(applied))} ERP events, ${rate(invoices, after(applied))} invoices; ` +
      `with publishing: ${rate(invoices, after(published))} invoices`,
  );
  if (stage === 'e2e') say(`end to end (ERP -> dunning plan): ${rate(invoices, after(planned))} invoices`);
  say(cpu);
  const rejected = await deadLetters();
  if (rejected > 0) say(`${rejected} events rejected to ${dlqTopic(erpTopic)}`);
  await dlqAdmin.disconnect();
  if (stage === 'dunning') {
    // The ledger's facts wait on ledger.events.v1; dunning now drains them alone.
    services.push(startService('dunning', schemas.dunning));
    const drained = await withCpu(() => watch([planned]));
    const seconds = ((planned.doneAt ?? 0) - (planned.firstAt ?? 0)) / 1000;
    say(`dunning consumer alone: ${rate(invoices - (planned.firstValue ?? 0), seconds)} invoices planned`);
    say(drained);
  }
} finally {
  await Promise.all(services.map(stopService));
  await invoicesPool.end();
  await dunningPool.end();
  if (!values.keep) {
    await dropSchemas(databaseUrl, [schemas.invoices, schemas.dunning]);
    await deleteTopics(brokers, prefix);
    // Dunning's step timers live in Redis under the topic prefix.
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`{${prefix}bull}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  } else say(`kept: schemas ${schemas.invoices}, ${schemas.dunning}; topic prefix ${prefix}`);
}
