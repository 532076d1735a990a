// `npm run demo`: the platform on compressed days, fed by the ERP simulator, with a live summary.
import { appendFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Topics } from '@dunning/contracts';
import { kafkaSink, simulate } from '@dunning/erp-simulator';
import { createKafka, ensureTopics } from '@dunning/kafka';
import { startSmsGateway } from '@dunning/receivers';
import pg from 'pg';
import { pino } from 'pino';
import { adminApiKey } from './admin-api-key.ts';
import { emptyCounters, followPlatform, renderSummary } from './demo-summary.ts';
import { startPlatform } from './platform-supervisor.ts';

const dayMs = Number(process.env.DEMO_DAY_MS ?? 200);
const prefix = `demo${Date.now().toString(36)}.`;
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dunning_demo';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const logDir = fileURLToPath(new URL('../var/demo', import.meta.url));
mkdirSync(logDir, { recursive: true });
const log = createWriteStream(`${logDir}/platform.log`);

// The demo database is the demo's own: every run starts from empty schemas.
const admin = new pg.Client({ connectionString: databaseUrl });
await admin.connect();
await admin.query('DROP SCHEMA IF EXISTS invoices, credit_risk, dunning, notifications CASCADE');
await admin.end();

// A stand-in SMS gateway for the demo: it accepts every message and writes it to var/demo/sms.log.
const smsGateway = await startSmsGateway({
  keepMessages: false,
  onMessage: ({ to, text, reference }) =>
    appendFileSync(`${logDir}/sms.log`, `${JSON.stringify({ to, text, reference })}\n`),
});
const smsGatewayUrl = smsGateway.url;

console.log(
  `starting the platform with DAY_MS=${dayMs} (logs: var/demo/platform.log, SMS: var/demo/sms.log)...`,
);
const platform = startPlatform({
  env: {
    ...process.env,
    ADMIN_API_KEY: adminApiKey(process.env).key,
    DATABASE_URL: databaseUrl,
    DAY_MS: String(dayMs),
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'info',
    SMS_GATEWAY_URL: process.env.SMS_GATEWAY_URL ?? smsGatewayUrl,
    MAIL_OUTBOX_DIR: process.env.MAIL_OUTBOX_DIR ?? 'var/demo/mail',
  },
  log: (line) => log.write(`${line}\n`),
});
const stop = async (code: number) => {
  process.stdout.write('\nstopping the platform...\n');
  await platform.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
void platform.crashed.then((name) => {
  console.error(`${name} stopped unexpectedly; see var/demo/platform.log`);
  void stop(1);
});
await platform.ready;

const kafka = createKafka({ brokers, clientId: 'demo', logger: pino({ level: 'error' }) });
const kafkaAdmin = kafka.admin();
await kafkaAdmin.connect();
const erpTopic = `${prefix}${Topics.erpEvents}`;
await ensureTopics(kafkaAdmin, [erpTopic]);
await kafkaAdmin.disconnect();
const counters = emptyCounters();
await followPlatform(kafka, prefix, counters);

const events = simulate({
  customers: Number(process.env.DEMO_CUSTOMERS ?? 40),
  months: 3,
  seed: Date.now() % 1_000_000,
  startDate: new Date().toISOString().slice(0, 10),
});
const sink = kafkaSink(await kafka.producer(), erpTopic);
const startedAt = Date.now();
setInterval(() => {
  process.stdout.write(`\x1b[H\x1b[2J${renderSummary(counters, (Date.now() - startedAt) / 1000, dayMs)}\n`);
}, 1000).unref();

// Each simulated day's events go out when that day comes.
for (let i = 0; i < events.length; ) {
  const day = events[i]!.day;
  const dueAt = startedAt + day * dayMs;
  if (dueAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, dueAt - Date.now()));
  const batch = [];
  while (i < events.length && events[i]!.day === day) batch.push(events[i++]!.event);
  await sink.send(batch);
  counters.erpEventsSent += batch.length;
}
await new Promise(() => {}); // keep showing the summary until Ctrl-C
