// `npm run bench`: measures this machine's ceilings and the platform beside them, in one run,
// and writes docs/benchmarks/<date>.{json,md}.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Ceiling, kafkaCeilings, postgresCeiling } from './ceilings.ts';
import { describeMachine } from './machine.ts';

const { values } = parseArgs({
  options: {
    'ceiling-messages': { type: 'string', default: '200000' },
    out: { type: 'string', default: fileURLToPath(new URL('../../../docs/benchmarks', import.meta.url)) },
  },
});
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dunning_bench';
const messages = Number(values['ceiling-messages']);
const prefix = `bench${Date.now().toString(36)}.`;

const step = (what: string) => process.stderr.write(`bench: ${what}...\n`);
step(`kafka ceilings (${messages} messages)`);
const ceilings: Ceiling[] = await kafkaCeilings(brokers, prefix, messages);
step(`postgres ceiling (${messages} rows)`);
ceilings.push(await postgresCeiling(databaseUrl, messages));

const report = { measuredAt: new Date().toISOString(), machine: describeMachine(), ceilings };
const markdown = [
  `# Benchmark ${report.measuredAt.slice(0, 10)}`,
  '',
  `Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}.`,
  '',
  '| measure | count | seconds | per second |',
  '| --- | ---: | ---: | ---: |',
  ...ceilings.map((c) => `| ${c.name} | ${c.count} | ${c.seconds.toFixed(2)} | ${c.perSecond} |`),
  '',
].join('\n');
mkdirSync(values.out!, { recursive: true });
const base = `${values.out}/${report.measuredAt.slice(0, 10)}`;
writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(`${base}.md`, markdown);
process.stdout.write(`${markdown}\nwritten: ${base}.json, ${base}.md\n`);
process.exit(0);
