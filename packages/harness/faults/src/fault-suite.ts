import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEvent, type ErpEvent, Topics } from '@dunning/contracts';
import { createKafka, type KafkaClient } from '@dunning/kafka';
import { serviceNames } from '@dunning/platform-manifest';
import { startReceivers } from '@dunning/receivers';
import { startPostgresServers } from './infra/postgres-servers.ts';
import { type KafkaFault, startSuiteKafka } from './infra/private-kafka-cluster.ts';
import { startPrivateRedis } from './infra/private-redis.ts';
import { type SuiteRedis, startSuiteRedisCluster } from './infra/private-redis-cluster.ts';
import { readTopic } from './observe/read-topic.ts';
import { StoredState } from './observe/stored-state.ts';
import type { Finding } from './oracle/findings.ts';
import { judge, type Verdict } from './oracle/judge.ts';
import { ReplicaSet, type ServiceName } from './platform/replicas.ts';
import { erpScript, type ScriptOptions } from './stream/erp-script.ts';
import { playErpStream } from './stream/erp-stream.ts';

export interface FaultSuiteOptions extends Omit<ScriptOptions, 'tailMs' | 'startAt' | 'invoices' | 'spanMs'> {
  /** Invoices per second of the steady stream; it runs until the last fault has settled. */
  invoicesPerSecond: number;
  workDir: string;
  adminKey: string;
  dayMs: number;
  replicas: number;
  /** Steady traffic between one fault's recovery and the next fault. */
  settleMs: number;
  /**
   * The stream runs at least this long, so that a fault the platform shrugs off in a second still
   * leaves the oracle enough invoices to judge.
   */
  minStreamMs?: number;
  /** How often the list of faults is gone through. */
  rounds: number;
  /**
   * Only this many faults of the list, consecutive from a place the seed picks (wrapping round):
   * a bounded run still meets every fault over several seeds. All of them when absent.
   */
  faultsPerRound?: number;
  /** Where in the list `faultsPerRound` starts (wrapping round); default: the seed. */
  faultPick?: number;
  /** Only the faults whose name matches (before `faultsPerRound` picks among them). */
  faultsMatching?: RegExp;
  /** The services on a three-master Redis Cluster (REDIS_CLUSTER_NODES) instead of one redis-server. */
  redisCluster?: boolean;
  /** How long the platform may take to finish its work once the stream has stopped. */
  drainMs: number;
  /**
   * PostgreSQL servers (default 1). With 2, invoices and credit-risk live on one and dunning and
   * notifications on the other (each given its own `<SERVICE>_DATABASE_URL`), and the second server's
   * crash joins the faults.
   */
  postgresServers?: 1 | 2;
  /** Only the faults of the list with these names, in list order (before `faultsPerRound`). */
  faultNames?: string[];
  /** Called once drained, before anything stops: a test reads the replicas (their metrics) or topics here. */
  afterDrain?(platform: { replicas: ReplicaSet; kafka: KafkaClient }): Promise<void>;
  /** One broker (the default), or a three-node KRaft cluster with replication 3 and min.insync.replicas 2. */
  kafkaBrokers?: 1 | 3;
  log(line: string): void;
}

export interface FaultRow {
  fault: string;
  startedAt: number;
  inFlight: number;
  /** From the fault until every replica is ready, a canary crossed all services and no step is late; undefined: never. */
  recoveryMs: number | undefined;
  lost: number;
  duplicated: number;
  /** What the fault measured itself (e.g. how the platform did while a broker was down). */
  note?: string;
}

export interface FaultSuiteResult {
  rows: FaultRow[];
  verdict: Verdict;
  /** Findings outside any fault window (or with no time). */
  unattributed: Finding[];
  selfExits: number;
  durationMs: number;
}

const LATE_STEP_MS = 5_000;

/**
 * The whole platform (every service twice) on its own Kafka, PostgreSQL and Redis, under a steady ERP
 * stream, while one fault after another strikes: kill -9 of each service, a Kafka kill -9, a PostgreSQL
 * crash, a Redis FLUSHALL. Then it drains and the oracle judges everything it did.
 */
export async function runFaultSuite(options: FaultSuiteOptions): Promise<FaultSuiteResult> {
  const started = Date.now();
  const { log } = options;
  const closers: (() => Promise<void>)[] = [];
  try {
    mkdirSync(join(options.workDir, 'logs'), { recursive: true });
    const [postgres, kafkaBroker, redis, receivers] = await Promise.all([
      startPostgresServers(options.workDir, options.postgresServers ?? 1),
      startSuiteKafka(options.kafkaBrokers ?? 1, options.workDir),
      options.redisCluster ? startSuiteRedisCluster(options.workDir, log) : startSingleRedis(),
      startReceivers(),
    ]);
    closers.push(postgres.stop, kafkaBroker.stop, redis.stop, receivers.close);
    log(`infra: ${postgres.describe()}, Kafka ${kafkaBroker.describe}, ${redis.label}`);

    const replicas = new ReplicaSet({
      replicas: options.replicas,
      logDir: join(options.workDir, 'logs'),
      env: (service) => ({
        ...postgres.env(service),
        KAFKA_BROKERS: kafkaBroker.brokers.join(','),
        ...kafkaBroker.serviceEnv,
        ...redis.env,
        LOG_LEVEL: process.env.FAULT_SUITE_LOG_LEVEL ?? 'warn',
        ADMIN_API_KEY: options.adminKey,
        DAY_MS: String(options.dayMs),
        ...(service === 'notifications'
          ? {
              SMTP_HOST: '127.0.0.1',
              SMTP_PORT: String(receivers.smtpPort),
              SMS_GATEWAY_URL: receivers.smsUrl,
              MAIL_OUTBOX_DIR: join(options.workDir, 'mail'),
              // Compressed like the days: the re-queue takes turns often enough for every replica to
              // have run it within a bounded run (a minute's interval gave each two or three turns).
              REQUEUE_INTERVAL_MS: String(25 * options.dayMs),
            }
          : {}),
      }),
    });
    closers.unshift(() => replicas.stopAll());
    await replicas.startAll();
    log(`platform: ${replicas.replicas.length} service processes ready after ${Date.now() - started} ms`);

    const kafka = createKafka({ clientId: 'fault-suite', brokers: kafkaBroker.brokers, retries: 30 });
    const state = new StoredState(
      Object.fromEntries(serviceNames.map((service) => [service, postgres.urlOf(service)])) as Record<
        ServiceName,
        string
      >,
    );
    closers.unshift(() => state.close());
    const faults = pickFaults(
      [
        ...faultList(
          replicas,
          kafkaBroker.fault((since) => recovery(since, -1, replicas, stream.sendNow, state)),
          postgres.primary,
          redis,
        ),
        ...(postgres.faults as Fault[]),
      ].filter(
        (fault) =>
          (!options.faultNames || options.faultNames.includes(fault.name)) &&
          (options.faultsMatching?.test(fault.name) ?? true),
      ),
      options.faultPick ?? options.seed,
      options.faultsPerRound,
    );
    log(`faults: ${faults.map((fault) => fault.name).join('; ')}`);
    const faultCount = faults.length * options.rounds;
    const tailMs = 30 * options.dayMs;
    // Scripted for longer than the faults can take; the stream is stopped once they are over.
    const spanMs = 3_600_000;
    const invoices = Math.round((options.invoicesPerSecond * spanMs) / 1000);
    const script = erpScript({ ...options, invoices, spanMs, tailMs, startAt: new Date() });
    const stream = await playErpStream(kafka, Topics.erpEvents, script);
    const streamStartedAt = Date.now();
    closers.unshift(async () => {
      await stream.stop();
    });
    log(
      `stream: ${options.invoicesPerSecond} invoices/s with their payments, credit notes and disputes, until the faults are over`,
    );

    const rows: FaultRow[] = [];
    await sleep(options.settleMs);
    for (let round = 0; round < options.rounds; round++) {
      for (const fault of faults) {
        await fault.ready?.();
        const row: FaultRow = {
          fault: fault.name,
          startedAt: Date.now(),
          inFlight: 0,
          recoveryMs: undefined,
          lost: 0,
          duplicated: 0,
        };
        row.inFlight = await state.inFlight(new Set(stream.sent.map((e) => e.id)).size).catch(() => -1);
        // A fault may say what it measured itself.
        const note: unknown = await fault.inject();
        if (typeof note === 'string') row.note = note;
        row.recoveryMs = await recovery(row.startedAt, rows.length, replicas, stream.sendNow, state);
        rows.push(row);
        log(
          `fault ${rows.length}/${faultCount}: ${fault.name}: ${row.inFlight} in flight, recovered in ${row.recoveryMs ?? 'never'} ms${row.note ? ` (${row.note})` : ''}`,
        );
        await sleep(options.settleMs);
      }
    }

    await sleep(Math.max(0, (options.minStreamMs ?? 0) - (Date.now() - streamStartedAt)));
    const concluded = await stream.stop({ conclude: true });
    log(
      `stream: stopped after ${stream.sent.length} ERP events (${concluded} of them resolving open disputes)`,
    );
    const distinct = new Set(stream.sent.map((e) => e.id)).size;
    const drainStarted = Date.now();
    for (let polls = 1; ; polls++) {
      // Done when the stored work is finished and every consumer has read every message (so the
      // last balance changes have reached dunning too).
      const drained = await state
        .drained(distinct)
        .then(async (stored) => {
          if (!stored.done) return stored;
          const lag = await replicas.consumerLag(options.adminKey);
          return { done: lag === 0n, detail: `${stored.detail}, consumer lag ${lag}` };
        })
        .catch((error: Error) => ({ done: false, detail: error.message }));
      if (drained.done) break;
      if (Date.now() - drainStarted > options.drainMs) {
        log(`drain: gave up waiting: ${drained.detail}`);
        break;
      }
      if (polls % 15 === 0)
        log(`drain: ${Math.round((Date.now() - drainStarted) / 1000)} s: ${drained.detail}`);
      await sleep(1_000);
    }
    log(`drain: done ${Date.now() - started} ms after the start`);
    await options.afterDrain?.({ replicas, kafka });

    const verdict = judge({
      erpSent: stream.sent,
      ledgerBalances: await state.balances(),
      caseBalances: await state.caseBalances(),
      steps: await state.steps(),
      dunningEvents: await readTopic(kafka, Topics.dunningEvents),
      notificationEvents: await readTopic(kafka, Topics.notificationsEvents),
      email: receivers.email,
      sms: receivers.sms,
      judgedAt: new Date(),
      graceMs: LATE_STEP_MS,
    });
    const unattributed = attribute(rows, verdict.findings);
    return { rows, verdict, unattributed, selfExits: replicas.selfExits(), durationMs: Date.now() - started };
  } finally {
    for (const close of closers) await close().catch((error: Error) => log(`close: ${error.message}`));
  }
}

interface Fault {
  name: string;
  /** Waits until the fault would strike something; absent: it can strike at once. */
  ready?(): Promise<void>;
  /** Strikes; may say what it measured itself (e.g. how the platform did while a broker was down). */
  inject(): Promise<string | undefined | void>;
}

function faultList(
  replicas: ReplicaSet,
  kafka: KafkaFault,
  postgres: { crashAndRestart(): Promise<void> },
  redis: Pick<SuiteRedis, 'flushName' | 'flushWorthwhile' | 'flushAll'>,
): Fault[] {
  const killService = (service: ServiceName, index: number): Fault => ({
    name: `kill -9 ${service} replica ${index + 1}`,
    async inject() {
      const replica = replicas.of(service)[index]!;
      await replicas.kill(replica);
      await sleep(1_000);
      replicas.restart(replica);
    },
  });
  return [
    killService('invoices', 0),
    killService('credit-risk', 1),
    killService('dunning', 0),
    killService('notifications', 1),
    kafka,
    { name: 'PostgreSQL crash (immediate stop), restart', inject: () => postgres.crashAndRestart() },
    { name: redis.flushName, ready: redis.flushWorthwhile, inject: () => redis.flushAll() },
    killService('dunning', 1),
  ];
}

async function startSingleRedis(): Promise<SuiteRedis> {
  const redis = await startPrivateRedis();
  return {
    ...redis,
    label: `Redis ${redis.url}`,
    env: { REDIS_URL: redis.url },
    flushName: 'Redis FLUSHALL',
  };
}

function pickFaults<F>(faults: F[], seed: number, count: number | undefined): F[] {
  if (count === undefined || count >= faults.length) return faults;
  const first = Math.abs(Math.trunc(seed)) % faults.length;
  return Array.from({ length: count }, (_, index) => faults[(first + index) % faults.length]!);
}

/** Waits until the platform works end to end again; the time it took since the fault, in ms. */
async function recovery(
  since: number,
  n: number,
  replicas: ReplicaSet,
  send: (event: ErpEvent) => Promise<void>,
  state: StoredState,
  timeoutMs = 180_000,
): Promise<number | undefined> {
  const customerId = `canary-${n}-${since}`;
  const sent = send(
    createEvent({
      type: 'erp.customer.upserted',
      source: '/erp/fault-suite',
      data: {
        customerId,
        name: `Canary ${n}`,
        locale: 'en',
        timezone: 'UTC',
        industry: 'canary',
        address: { line1: '1 Canary Wharf', city: 'London', country: 'GB' },
        paymentTermsDays: 30,
        collectorId: 'collector-0',
      },
    }) as ErpEvent,
  );
  const deadline = since + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await (async () => {
      await replicas.allReady(1);
      return (await state.everywhere(customerId)) && (await state.overdueSteps(LATE_STEP_MS)) === 0;
    })().catch(() => false);
    if (ok) {
      await sent;
      return Date.now() - since;
    }
    await sleep(200);
  }
  return undefined;
}

/** Counts each finding against the fault whose window (its start to the next one's) holds it. */
function attribute(rows: FaultRow[], findings: Finding[]): Finding[] {
  const unattributed: Finding[] = [];
  for (const finding of findings) {
    const row = finding.atMs === undefined ? undefined : rows.findLast((r) => r.startedAt <= finding.atMs!);
    if (!row) unattributed.push(finding);
    else row[finding.kind]++;
  }
  return unattributed;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The table of the issue: fault, events in flight, recovery time, lost, duplicated. */
export function faultTable(result: FaultSuiteResult): string {
  const lines = [
    '| fault | events in flight | recovery time | lost | duplicated |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...result.rows.map(
      (row) =>
        `| ${row.fault}${row.note ? ` (${row.note})` : ''} | ${row.inFlight} | ${row.recoveryMs === undefined ? 'not recovered' : `${(row.recoveryMs / 1000).toFixed(1)} s`} | ${row.lost} | ${row.duplicated} |`,
    ),
  ];
  const lost = result.unattributed.filter((f) => f.kind === 'lost').length;
  const duplicated = result.unattributed.length - lost;
  lines.push(`| (whole run, not tied to one fault) | | | ${lost} | ${duplicated} |`);
  return lines.join('\n');
}
