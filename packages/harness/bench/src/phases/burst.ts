// (d) A month-end burst: K reminders due at the same instant across K customers, with the whole
// platform running, until every notice is delivered by email and SMS.

import { type Receivers, startReceivers } from '@dunning/receivers';
import { progressLine } from '@dunning/service-runtime/progress-line';
import { type Distribution, distribution } from '../domain/stats.ts';
import type { BenchOptions } from '../options.ts';
import { using } from '../platform/closers.ts';
import { type OpsSample, type StageSample, startPipelineSampler } from '../platform/pipeline-sampler.ts';
import { type PhaseEnvironment, type PhaseRun, runPhase } from '../platform/run-phase.ts';
import { mib, thousands } from '../progress.ts';

const CHANNELS = new Set(['email', 'sms', 'letter']);

/** What a receiver took: every message, and the distinct ones (a resend counts once). */
export interface SinkCounts {
  received: number;
  distinct: number;
}

const countsOf = (receipts: Receivers['email']): SinkCounts => ({
  received: receipts.received,
  distinct: receipts.distinct,
});

export interface BurstResult {
  steps: number;
  /** Notices the steps ask for (one per step and channel). */
  expectedDeliveries: number;
  partial: boolean;
  /** Why the phase ended before every notice was delivered. */
  cutOff: 'time limit' | 'stalled' | null;
  /** Timers the horizon pump had put into Redis when the steps fell due. */
  armedWhenDue: number;
  stepsRun: number;
  delivered: number;
  failed: number;
  sink: { email: SinkCounts; sms: SinkCounts };
  /** Due instant to the step's run / to the notice's `sent`, in ms. */
  stepLatenessMs: Distribution;
  deliveryLatenessMs: Distribution;
  /** Due instant to the last notice delivered (null when some never were). */
  allDeliveredAfterSeconds: number | null;
  stepsPerSecond: number;
  deliveriesPerSecond: number;
  redisPeakBytes: number;
  /** Per second from the due instant: steps run and notices sent, with their lateness p50/p99. */
  series: {
    steps: number[];
    deliveries: number[];
    stepP50: (number | null)[];
    stepP99: (number | null)[];
    deliveryP50: (number | null)[];
    deliveryP99: (number | null)[];
  };
  stages: StageSample[];
  ops: OpsSample[];
  settings: Record<string, string>;
}

const DUNNING_SETTINGS = {
  // The burst's steps are seeded just before they fall due; in production the pump armed them
  // hours earlier. A one-second pump arms them in time; the sweeper only catches what timers miss.
  PUMP_INTERVAL_MS: '1000',
  SWEEP_INTERVAL_MS: '2000',
  SWEEP_GRACE_MS: '30000',
  SEND_WINDOWS: 'off',
};

/** K cases of K customers, one reminder each due at `dueAt` (spread over `spreadMs`), and their contacts. */
async function seed(environment: PhaseEnvironment, steps: number, dueAt: number, spreadMs: number) {
  const { db, platform } = environment;
  const dunning = platform.schemaOf('dunning');
  const notifications = platform.schemaOf('notifications');
  const { rows } = await db.query<{ step: Record<string, unknown> }>(
    `SELECT body->'steps'->0 AS step FROM ${dunning}.policies WHERE policy_id = 'standard' ORDER BY version DESC LIMIT 1`,
  );
  const reminder = rows[0]?.step as { offsetDays: number; actions: string[] } | undefined;
  if (!reminder) throw new Error('the standard policy is missing');
  const zones = `(ARRAY['Asia/Shanghai', 'Europe/Berlin', 'America/Chicago'])[1 + i % 3]`;
  await db.query({
    text: `INSERT INTO ${dunning}.dunning_customers (customer_id, time_zone)
           SELECT 'bc' || i, ${zones} FROM generate_series(1, $1) AS i`,
    values: [steps],
  });
  await db.query({
    text: `INSERT INTO ${dunning}.dunning_cases (invoice_id, customer_id, currency, amount_minor, balance_minor, due_date,
             opened_by_event, number, overdue_at, policy_id, policy_version)
           SELECT 'b' || i, 'bc' || i, 'CNY', 100000 + i, 100000 + i,
             to_char(to_timestamp($1::bigint / 1000.0) - make_interval(days => $3::int), 'YYYY-MM-DD'),
             'bench', 'INV-' || i, to_timestamp($1::bigint / 1000.0) - make_interval(days => $3::int - 1), 'standard', 1
           FROM generate_series(1, $2) AS i`,
    values: [dueAt, steps, reminder.offsetDays],
  });
  await db.query({
    text: `INSERT INTO ${dunning}.dunning_steps (step_id, invoice_id, customer_id, policy_id, policy_version, level, name,
             offset_days, definition, due_at, run_at)
           SELECT 'step-b' || i, 'b' || i, 'bc' || i, 'standard', 1, 1, $4::jsonb->>'name', $5, $4::jsonb,
             to_timestamp(($1::bigint + (i * 7919) % greatest($3::bigint, 1)) / 1000.0),
             to_timestamp(($1::bigint + (i * 7919) % greatest($3::bigint, 1)) / 1000.0)
           FROM generate_series(1, $2) AS i`,
    values: [dueAt, steps, spreadMs, JSON.stringify(reminder), reminder.offsetDays],
  });
  await db.query({
    text: `INSERT INTO ${notifications}.customers (customer_id, profile)
           SELECT 'bc' || i, jsonb_build_object(
             'customerId', 'bc' || i, 'name', 'Burst Trading Co. ' || i, 'email', 'ap+bc' || i || '@customer.example',
             'phone', '+86138' || lpad(i::text, 8, '0'), 'locale', CASE WHEN i % 2 = 0 THEN 'zh-CN' ELSE 'en' END,
             'timezone', ${zones}, 'address', jsonb_build_object('line1', i || ' Commerce Road', 'city', 'Shanghai', 'country', 'CN'))
           FROM generate_series(1, $1) AS i`,
    values: [steps],
  });
  return steps * reminder.actions.filter((a) => CHANNELS.has(a)).length;
}

/** The last instant among many (spreading 100k values into Math.max overflows the stack). */
const latest = (items: { at: number }[], floor: number) =>
  items.reduce((last, i) => Math.max(last, i.at), floor);

/** Lateness per second since `startMs`, by when each item finished. */
function perSecond(items: { at: number; ms: number }[], startMs: number, endMs: number) {
  const seconds = Math.max(1, Math.ceil((endMs - startMs) / 1000));
  const buckets = Array.from({ length: seconds }, () => [] as number[]);
  for (const { at, ms } of items) {
    const second = Math.floor((at - startMs) / 1000);
    if (second >= 0 && second < seconds) buckets[second]!.push(ms);
  }
  const d = buckets.map((b) => distribution(b));
  return { counts: buckets.map((b) => b.length), p50: d.map((x) => x.p50), p99: d.map((x) => x.p99) };
}

async function runBurst(
  options: BenchOptions,
  environment: PhaseEnvironment,
  sinks: Receivers,
): Promise<BurstResult> {
  const { db, platform } = environment;
  const dunning = platform.schemaOf('dunning');
  const notifications = platform.schemaOf('notifications');
  const steps = options['burst-steps'];
  const progress = progressLine({ label: 'burst' });
  const dueAt = Date.now() + options['burst-lead-seconds'] * 1000;
  const seedStart = Date.now();
  const expectedDeliveries = await seed(environment, steps, dueAt, options['burst-spread-ms']);
  progress.done(
    `seeded ${thousands(steps)} steps (${thousands(expectedDeliveries)} notices) in ${Date.now() - seedStart} ms; ` +
      `due in ${((dueAt - Date.now()) / 1000).toFixed(1)} s`,
  );
  const sampler = startPipelineSampler(environment, [
    { stage: 'actions', service: 'dunning', table: 'step_actions' },
    { stage: 'deliveries', service: 'notifications', table: 'deliveries' },
  ]);
  const deadline = dueAt + options['burst-max-minutes'] * 60_000;
  let armedWhenDue = -1;
  let done = 0;
  let delivered = 0;
  let failed = 0;
  let redisPeakBytes = 0;
  let advancedAt = dueAt;
  let cutOff: BurstResult['cutOff'] = null;
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const [stepCounts, deliveryCounts] = await Promise.all([
        db.query<{ done: number; armed: number }>(
          `SELECT count(*) FILTER (WHERE status = 'done')::int AS done,
                  count(*) FILTER (WHERE enqueued_at IS NOT NULL OR status <> 'scheduled')::int AS armed
           FROM ${dunning}.dunning_steps`,
        ),
        db.query<{ sent: number; failed: number }>(
          `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'failed')::int AS failed
           FROM ${notifications}.deliveries`,
        ),
      ]);
      const { armed } = stepCounts.rows[0]!;
      if (
        stepCounts.rows[0]!.done > done ||
        deliveryCounts.rows[0]!.sent + deliveryCounts.rows[0]!.failed > delivered + failed
      ) {
        advancedAt = Date.now();
      }
      done = stepCounts.rows[0]!.done;
      delivered = deliveryCounts.rows[0]!.sent;
      failed = deliveryCounts.rows[0]!.failed;
      if (armedWhenDue < 0 && Date.now() >= dueAt) armedWhenDue = armed;
      redisPeakBytes = Math.max(redisPeakBytes, sampler.latest()?.redisBytes ?? 0);
      const clock = (Date.now() - dueAt) / 1000;
      progress.update(
        `${clock < 0 ? `due in ${(-clock).toFixed(0)} s` : `+${clock.toFixed(0)} s`}  armed ${thousands(armed)}  ` +
          `run ${thousands(done)}/${thousands(steps)}  sent ${thousands(delivered)}/${thousands(expectedDeliveries)}` +
          `${failed ? ` failed ${thousands(failed)}` : ''}  sink email ${thousands(sinks.email.received)} ` +
          `sms ${thousands(sinks.sms.received)}  redis ${mib(redisPeakBytes)}`,
      );
      if (delivered + failed >= expectedDeliveries) break;
      if (Date.now() > deadline) cutOff = 'time limit';
      else if (Date.now() - advancedAt > options['stall-seconds'] * 1000) cutOff = 'stalled';
      if (cutOff) break;
    }
  } finally {
    await sampler.stop();
  }
  const partial = delivered + failed < expectedDeliveries;

  const stepRows = await db.query<{ at: number; ms: number }>(
    `SELECT extract(epoch FROM executed_at) * 1000 AS at, extract(epoch FROM executed_at - run_at) * 1000 AS ms
     FROM ${dunning}.dunning_steps WHERE status = 'done'`,
  );
  const deliveryRows = await db.query<{ at: number; ms: number }>(
    `SELECT extract(epoch FROM d.sent_at) * 1000 AS at, extract(epoch FROM d.sent_at - s.run_at) * 1000 AS ms
     FROM ${notifications}.deliveries d
     JOIN ${dunning}.step_actions a ON a.action_id = d.action_id
     JOIN ${dunning}.dunning_steps s ON s.step_id = a.step_id
     WHERE d.status = 'sent'`,
  );
  const toItems = (rows: { at: number; ms: number }[]) =>
    rows.map((r) => ({ at: Number(r.at), ms: Math.round(Number(r.ms)) }));
  const stepItems = toItems(stepRows.rows);
  const deliveryItems = toItems(deliveryRows.rows);
  const lastStep = latest(stepItems, dueAt);
  const lastDelivery = latest(deliveryItems, dueAt);
  const lastAt = Math.max(dueAt + 1000, lastStep, lastDelivery);
  const stepSeries = perSecond(stepItems, dueAt, lastAt);
  const deliverySeries = perSecond(deliveryItems, dueAt, lastAt);
  const result: BurstResult = {
    steps,
    expectedDeliveries,
    partial,
    cutOff,
    armedWhenDue: Math.max(0, armedWhenDue),
    stepsRun: stepItems.length,
    delivered: deliveryItems.length,
    failed,
    sink: { email: countsOf(sinks.email), sms: countsOf(sinks.sms) },
    stepLatenessMs: distribution(
      stepItems.map((i) => i.ms),
      steps - stepItems.length,
    ),
    deliveryLatenessMs: distribution(
      deliveryItems.map((i) => i.ms),
      expectedDeliveries - deliveryItems.length,
    ),
    allDeliveredAfterSeconds:
      deliveryItems.length >= expectedDeliveries ? Math.round((lastDelivery - dueAt) / 100) / 10 : null,
    stepsPerSecond: Math.round(stepItems.length / Math.max(0.001, (lastStep - dueAt) / 1000)),
    deliveriesPerSecond: Math.round(deliveryItems.length / Math.max(0.001, (lastDelivery - dueAt) / 1000)),
    redisPeakBytes: sampler.stages.reduce((peak, s) => Math.max(peak, s.redisBytes), redisPeakBytes),
    series: {
      steps: stepSeries.counts,
      deliveries: deliverySeries.counts,
      stepP50: stepSeries.p50,
      stepP99: stepSeries.p99,
      deliveryP50: deliverySeries.p50,
      deliveryP99: deliverySeries.p99,
    },
    stages: sampler.stages,
    ops: sampler.ops,
    settings: {
      ...Object.fromEntries(Object.entries(DUNNING_SETTINGS).map(([k, v]) => [`dunning.${k}`, v])),
      'notifications.QUIET_HOURS': 'none (0-0)',
    },
  };
  progress.done(
    `${cutOff ? `PARTIAL (${cutOff}): ` : ''}${thousands(result.stepsRun)} steps run, ${thousands(result.delivered)} notices sent` +
      `${failed ? `, ${thousands(failed)} failed` : ''}; step lateness p99 ${result.stepLatenessMs.p99 ?? '-'} ms, ` +
      `delivery lateness p99 ${result.deliveryLatenessMs.p99 ?? '-'} ms`,
  );
  return result;
}

export function burstPhase(options: BenchOptions, name: string): Promise<PhaseRun<BurstResult>> {
  return using(
    () => startReceivers(),
    (sinks) => sinks.close(),
    (sinks) =>
      runPhase(
        options,
        name,
        {
          dunning: DUNNING_SETTINGS,
          notifications: {
            SMTP_HOST: '127.0.0.1',
            SMTP_PORT: String(sinks.smtpPort),
            SMS_GATEWAY_URL: sinks.smsUrl,
            // A month-end run is measured whatever the hour: no quiet hours defer the notices.
            QUIET_HOURS_START: '0',
            QUIET_HOURS_END: '0',
          },
        },
        (environment) => runBurst(options, environment, sinks),
      ),
  );
}
