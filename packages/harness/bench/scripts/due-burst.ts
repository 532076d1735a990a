/**
 * Benchmark (not a test): N open overdue invoices whose reminder falls due within the same minute.
 * All must run, none twice. Prints lateness p50/p99/max and Redis memory before, at peak and after.
 *
 *   node packages/harness/bench/scripts/due-burst.ts --invoices 100000
 *
 * Uses KAFKA_BROKERS / DATABASE_URL like the tests, and its own redis-server on a free port (so INFO
 * memory shows only this run). Steps are seeded straight into PostgreSQL; the engine (horizon pump,
 * BullMQ timers, sweeper, claim, outbox) runs as in production, with real days and no send window.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '@dunning/dunning/config';
import { standardPolicy } from '@dunning/dunning/policies';
import { startDunningService } from '@dunning/dunning/service';
import { createKafka } from '@dunning/kafka';
import { createPool } from '@dunning/pg';
import { progressLine } from '@dunning/service-runtime/progress-line';
import { freePort } from '@dunning/testing/free-port';
import { Redis } from 'ioredis';
import { pino } from 'pino';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '10000' },
    'spread-ms': { type: 'string', default: '60000' },
    'lead-ms': { type: 'string', default: '20000' },
    // Stop waiting after this long and report what ran by then (marked partial).
    'max-minutes': { type: 'string', default: '30' },
  },
});
const invoices = Number(values.invoices);
const spreadMs = Number(values['spread-ms']);
const leadMs = Number(values['lead-ms']);
const maxMs = Number(values['max-minutes']) * 60_000;

async function usedMemory(redis: Redis): Promise<{ used: number; human: string }> {
  const info = await redis.info('memory');
  const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
  return { used, human: /used_memory_human:(\S+)/.exec(info)?.[1] ?? '?' };
}

const port = await freePort();
const redisServer = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
  stdio: 'ignore',
});
const redis = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: null });
for (let i = 0; i < 50 && (await redis.ping().catch(() => '')) !== 'PONG'; i++)
  await new Promise((r) => setTimeout(r, 100));

const name = `bench_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const config = loadConfig({
  ...process.env,
  REDIS_URL: `redis://127.0.0.1:${port}`,
  KAFKA_TOPIC_PREFIX: `${name}.`,
  DB_SCHEMA: name,
  LOG_LEVEL: 'warn',
  PORT: '0',
  SEND_WINDOWS: 'off',
  PUMP_INTERVAL_MS: '1000',
  SWEEP_INTERVAL_MS: '2000',
  SWEEP_GRACE_MS: '30000',
});
const logger = pino({ level: 'warn' });
const before = await usedMemory(redis);
const service = await startDunningService(config, logger);
const pool = createPool({ connectionString: config.DATABASE_URL, schema: name, applicationName: 'bench' });

try {
  const reminder = standardPolicy.steps[0]!;
  const t0 = Date.now() + leadMs;
  const seedStart = Date.now();
  // One customer per invoice: the worst case (nothing to consolidate), one notice per step.
  await pool.query({
    text: `INSERT INTO dunning_cases (invoice_id, customer_id, currency, amount_minor, balance_minor, due_date,
             opened_by_event, number, overdue_at, policy_id, policy_version)
           SELECT 'b' || i, 'bc' || i, 'CNY', 100000, 100000, '2026-10-31', 'bench', 'INV-' || i,
             to_timestamp($1::bigint / 1000.0) - interval '6 days', 'standard', 1
           FROM generate_series(1, $2) AS i`,
    values: [t0, invoices],
  });
  await pool.query({
    text: `INSERT INTO dunning_steps (step_id, invoice_id, customer_id, policy_id, policy_version, level, name,
             offset_days, definition, due_at, run_at)
           SELECT 'step-b' || i, 'b' || i, 'bc' || i, 'standard', 1, 0, 'reminder', 7, $3::jsonb,
             to_timestamp(($1::bigint + (i * 7919) % $4) / 1000.0), to_timestamp(($1::bigint + (i * 7919) % $4) / 1000.0)
           FROM generate_series(1, $2) AS i`,
    values: [t0, invoices, JSON.stringify(reminder), spreadMs],
  });
  console.log(
    `seeded ${invoices} cases and steps in ${Date.now() - seedStart} ms; due from +${leadMs} ms over ${spreadMs} ms`,
  );

  let peak = before;
  const started = Date.now();
  let partial = false;
  const progress = progressLine({ label: 'due burst' });
  for (;;) {
    const mem = await usedMemory(redis);
    if (mem.used > peak.used) peak = mem;
    const { rows } = await pool.query<{ done: number; armed: number }>(
      "SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE enqueued_at IS NOT NULL)::int AS armed FROM dunning_steps",
    );
    const { done, armed } = rows[0]!;
    const text = `armed ${armed}  done ${done}/${invoices}  redis ${mem.human}`;
    if (done === invoices || Date.now() - started > maxMs) {
      partial = done !== invoices;
      progress.done(text);
      break;
    }
    progress.update(text);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const lateness = await pool.query<{ p50: number; p99: number; max: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
     FROM (SELECT extract(epoch FROM executed_at - run_at) * 1000 AS ms FROM dunning_steps WHERE status = 'done') t`,
  );
  const twice = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM (SELECT step_id FROM case_timeline WHERE kind = 'run' GROUP BY step_id HAVING count(*) > 1) t",
  );
  const runs = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM case_timeline WHERE kind = 'run'",
  );
  const actions = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM step_actions');
  const last = await pool.query<{ span: number }>(
    "SELECT extract(epoch FROM max(executed_at) - min(run_at)) * 1000 AS span FROM dunning_steps WHERE status = 'done'",
  );
  await new Promise((r) => setTimeout(r, 1500));
  const after = await usedMemory(redis);
  const l = lateness.rows[0]!;
  console.log(
    JSON.stringify(
      {
        invoices,
        partial,
        stepsRun: runs.rows[0]!.n,
        stepsRunTwice: twice.rows[0]!.n,
        actionsRequested: actions.rows[0]!.n,
        latenessMs: { p50: Math.round(l.p50), p99: Math.round(l.p99), max: Math.round(l.max) },
        burstMs: { dueSpread: spreadMs, firstDueToLastRun: Math.round(last.rows[0]!.span) },
        throughputStepsPerS: Math.round(runs.rows[0]!.n / (Math.max(last.rows[0]!.span, 1) / 1000)),
        loadAverage: (await import('node:os')).loadavg().map((l) => l.toFixed(1)),
        redisMemory: { before: before.human, peak: peak.human, after: after.human },
        workerConcurrency: config.STEP_WORKER_CONCURRENCY,
      },
      null,
      2,
    ),
  );
} finally {
  await service.stop();
  await pool.end();
  const admin = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'bench-due-burst' }).admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(config.KAFKA_TOPIC_PREFIX));
  if (topics.length > 0) await admin.deleteTopics(topics);
  await admin.disconnect();
  const drop = createPool({
    connectionString: config.DATABASE_URL,
    schema: 'public',
    applicationName: 'bench',
  });
  await drop.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  await drop.end();
  redis.disconnect();
  redisServer.kill('SIGTERM');
}
