// `npm run bench -- --invoices N`: this machine's ceilings, then the platform beside them (ingest,
// latency, month-end burst, memory), in one run; writes docs/benchmarks/<date>-<N>.{json,md,png}.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { relative } from 'node:path';
import { repositoryRoot, serviceNames } from '@dunning/platform-manifest';
import { type Ceiling, kafkaCeilings, postgresCeiling } from './ceilings.ts';
import { checkTargets } from './domain/targets.ts';
import { describeMachine } from './machine.ts';
import { parseOptions } from './options.ts';
import { burstPhase } from './phases/burst.ts';
import { ingestPhase } from './phases/ingest.ts';
import { latencyPhase } from './phases/latency.ts';
import { pagesPhase, pagesTargets } from './phases/pages.ts';
import { onInterrupt } from './platform/closers.ts';
import { chartSvg, svgToPng } from './report/chart.ts';
import { renderMarkdown } from './report/markdown.ts';
import { reportPanels } from './report/panels.ts';
import type { BenchReport } from './report/report.ts';

let options: ReturnType<typeof parseOptions>;
try {
  options = parseOptions(process.argv.slice(2), process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
onInterrupt();
const runId = `bench${Date.now().toString(36)}`;
const phases = new Set(options.phases);
const step = (what: string) => process.stderr.write(`bench: ${what}\n`);

const report: BenchReport = {
  measuredAt: new Date().toISOString(),
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  machine: await describeMachine(options.databaseUrl),
  loadAverageAtEnd: [],
  ceilings: [],
  targets: [],
  cpuProfiles: [],
  failures: [],
};

async function phase(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const message = (error as Error).message;
    report.failures.push({ phase: name, error: message });
    step(`${name} failed: ${message}`);
  }
}

if (phases.has('ceilings')) {
  await phase('ceilings', async () => {
    const messages = options['ceiling-messages'];
    step(`(a) kafka ceilings (${messages} messages)`);
    const ceilings: Ceiling[] = await kafkaCeilings(options.brokers, `${runId}.`, messages);
    step(`(a) postgres ceiling (${messages} rows)`);
    ceilings.push(await postgresCeiling(options.databaseUrl, messages));
    report.ceilings = ceilings;
  });
}
if (phases.has('ingest')) {
  await phase('ingest', async () => {
    step(`(b, e) ingest of ${options.invoices} invoices: starting the platform`);
    report.ingest = await ingestPhase(options, `${runId}_ingest`);
  });
}
if (phases.has('latency')) {
  await phase('latency', async () => {
    step(
      `(c) latency at ${options['latency-rate']} ev/s for ${options['latency-seconds']} s: starting the platform`,
    );
    report.latency = await latencyPhase(options, `${runId}_latency`);
  });
}
if (phases.has('burst')) {
  await phase('burst', async () => {
    step(`(d) burst of ${options['burst-steps']} steps: starting the platform`);
    report.burst = await burstPhase(options, `${runId}_burst`);
  });
}

if (phases.has('pages')) {
  await phase('pages', async () => {
    step(`(f) pages and reports with ${options.invoices} invoices: starting the platform`);
    report.pages = await pagesPhase(options, `${runId}_pages`);
  });
}

const runs = [report.ingest, report.latency, report.burst, report.pages].filter((r) => r !== undefined);
const peakRssMiB: Record<string, number> = {};
for (const run of runs) {
  for (const service of serviceNames) {
    const peak = run.processes[service]?.peakRssMiB;
    if (peak !== undefined) peakRssMiB[service] = Math.max(peakRssMiB[service] ?? 0, peak);
  }
}
const ingest = report.ingest?.result;
const latency = report.latency?.result;
const burst = report.burst?.result;
report.targets = checkTargets({
  ...(ingest && {
    ingest: {
      sustainedPlannedPerSecond: ingest.sustained.plannedInvoicesPerSecond,
      overallPlannedPerSecond: ingest.invoicesPlannedPerSecond,
      partial: ingest.partial,
    },
    redis: { bytesPerOpenCase: ingest.redis.bytesPerOpenCase, openCases: ingest.planned },
  }),
  ...(latency && {
    latency: {
      rate: latency.rate,
      achievedRate: latency.achievedRate,
      p99: latency.latencyMs.p99,
      sent: latency.sent,
      planned: latency.planned,
    },
  }),
  ...(burst && {
    burst: {
      steps: burst.steps,
      expectedDeliveries: burst.expectedDeliveries,
      delivered: burst.delivered,
      allDeliveredAfterSeconds: burst.allDeliveredAfterSeconds,
      deliveryP99: burst.deliveryLatenessMs.p99,
    },
  }),
  peakRssMiB,
});
if (report.pages) report.targets.push(...pagesTargets(report.pages.result));
report.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
const profileDir = `${options['work-dir']}/profiles`;
if (options['cpu-prof'] && existsSync(profileDir)) {
  report.cpuProfiles = readdirSync(profileDir)
    .filter((file) => file.startsWith(runId))
    .map((file) => relative(repositoryRoot, `${profileDir}/${file}`));
}

mkdirSync(options.out, { recursive: true });
const base = `${options.out}/${report.measuredAt.slice(0, 10)}-${options.invoices}`;
const chartName = `${report.measuredAt.slice(0, 10)}-${options.invoices}.png`;
const markdown = renderMarkdown(report, chartName);
writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(`${base}.md`, markdown);
const panels = reportPanels(report);
if (panels.length > 0) {
  writeFileSync(
    `${base}.png`,
    svgToPng(chartSvg(`Dunning platform benchmark ${report.measuredAt.slice(0, 10)}`, panels)),
  );
}
process.stdout.write(
  `${markdown}\nwritten: ${[`${base}.json`, `${base}.md`, ...(panels.length > 0 ? [`${base}.png`] : [])]
    .map((f) => relative(repositoryRoot, f))
    .join(', ')}\n`,
);
process.exit(report.failures.length > 0 ? 1 : 0);
