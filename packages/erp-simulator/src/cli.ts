#!/usr/bin/env node
// Sends a simulated ERP history to Kafka (erp.events.v1) or to the invoices service over HTTP.
import { parseArgs } from 'node:util';
import { Topics } from '@dunning/contracts';
import {
  createKafka,
  ensureTopics,
  KafkaSecurityConfigError,
  kafkaSecurityFromEnv,
  topicName,
} from '@dunning/kafka';
import { progressLine } from '@dunning/service-runtime/progress-line';
import { pino } from 'pino';
import { type EventSink, httpSink, kafkaSink } from './publish.ts';
import { simulate } from './simulate.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100' },
    months: { type: 'string', default: '6' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    'start-date': { type: 'string', default: new Date().toISOString().slice(0, 10) },
    target: { type: 'string', default: 'kafka' },
    brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
    'topic-prefix': { type: 'string', default: process.env.KAFKA_TOPIC_PREFIX ?? '' },
    'invoices-url': { type: 'string', default: 'http://127.0.0.1:3001' },
    rate: { type: 'string', default: '0' },
    'day-ms': { type: 'string', default: '0' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(`erp-simulator: a seeded, realistic ERP event stream
  --customers N      customers to simulate (default 100)
  --months N         months of invoicing (default 6)
  --seed N           same seed, same stream (default: from the clock)
  --start-date D     first business day, YYYY-MM-DD (default today)
  --target kafka|http   erp.events.v1 (default) or the invoices HTTP API
                        (over HTTP with the key in ERP_API_KEY, or else ADMIN_API_KEY)
  --rate N           at most N events per second (default: unlimited)
  --day-ms N         pace the stream in real time: one simulated day every N ms (default: no pacing)
Kafka: KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, and for a secured cluster the services' KAFKA_SSL* and
KAFKA_SASL_* variables.
`);
  process.exit(0);
}

const positive = (name: string, value: string | undefined) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    process.stderr.write(`--${name} must be a whole number >= 0, got ${value}\n`);
    process.exit(2);
  }
  return number;
};
const rate = positive('rate', values.rate);
const dayMs = positive('day-ms', values['day-ms']);
const events = simulate({
  customers: positive('customers', values.customers),
  months: positive('months', values.months),
  seed: positive('seed', values.seed),
  startDate: values['start-date']!,
});

let sink: EventSink;
if (values.target === 'http') {
  const apiKey = process.env.ERP_API_KEY ?? process.env.ADMIN_API_KEY;
  if (!apiKey) {
    process.stderr.write('--target http needs an API key with erp:write in ERP_API_KEY (or ADMIN_API_KEY)\n');
    process.exit(2);
  }
  sink = httpSink(values['invoices-url']!, { authorization: `Bearer ${apiKey}` });
} else if (values.target === 'kafka') {
  let security: ReturnType<typeof kafkaSecurityFromEnv>;
  try {
    // The same KAFKA_SSL* / KAFKA_SASL_* variables as the services, for a secured cluster.
    security = kafkaSecurityFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof KafkaSecurityConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const kafka = createKafka({
    brokers: values.brokers!.split(','),
    clientId: 'erp-simulator',
    logger: pino({ level: 'warn' }),
    security,
  });
  const topic = topicName(values['topic-prefix']!, Topics.erpEvents);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topic]);
  await admin.disconnect();
  sink = kafkaSink(await kafka.producer(), topic);
} else {
  process.stderr.write(`--target must be kafka or http, got ${values.target}\n`);
  process.exit(2);
}

const progress = progressLine({ label: 'erp-simulator' });
const startedAt = Date.now();
const batchSize = rate > 0 ? Math.max(1, Math.min(500, Math.floor(rate / 10))) : 500;
let sent = 0;
let stopping = false;
process.on('SIGINT', () => {
  stopping = true;
});

while (sent < events.length && !stopping) {
  let batch = events.slice(sent, sent + batchSize);
  if (dayMs > 0) {
    // Real-time pacing: wait for the batch's first day, and send only what is due by then.
    const firstDay = batch[0]!.day;
    const dueAt = startedAt + firstDay * dayMs;
    if (dueAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, dueAt - Date.now()));
    batch = batch.filter((e) => e.day === firstDay);
  }
  await sink.send(batch.map((e) => e.event));
  sent += batch.length;
  const elapsed = (Date.now() - startedAt) / 1000;
  if (rate > 0 && sent / rate > elapsed)
    await new Promise((resolve) => setTimeout(resolve, (sent / rate - elapsed) * 1000));
  const eps = sent / Math.max(elapsed, 0.001);
  const eta = Math.round((events.length - sent) / Math.max(eps, 0.001));
  progress.update(
    `${sent}/${events.length} events | ${Math.round(eps)} events/s | day ${batch[batch.length - 1]!.day} | ETA ${eta}s`,
  );
}
progress.done(`${sent}/${events.length} events`);
await sink.close();
const seconds = (Date.now() - startedAt) / 1000;
process.stderr.write(
  `sent ${sent} events in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)} events/s)\n`,
);
