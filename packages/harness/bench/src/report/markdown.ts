import type { Distribution } from '../domain/stats.ts';
import type { OpsSample } from '../platform/pipeline-sampler.ts';
import type { PhaseRun } from '../platform/run-phase.ts';
import { pagesLines } from './pages-markdown.ts';
import { type BenchReport, opsPeaks } from './report.ts';

const n = (value: number | null | undefined) =>
  value == null ? '-' : Math.round(value).toLocaleString('en-US');
const ms = (d: Distribution) => `p50 ${n(d.p50)} ms, p99 ${n(d.p99)} ms, max ${n(d.max)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const percent = (part: number, whole: number | undefined) =>
  whole ? `${((part / whole) * 100).toFixed(1)} %` : '-';

export function table(header: string[], rows: (string | number)[][], align?: string[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => align?.[i] ?? '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ];
}

function logLines(run: PhaseRun<unknown>): string[] {
  const noisy = Object.entries(run.logs).filter(([, l]) => l.warnings + l.errors > 0);
  if (noisy.length === 0) return ['Service logs: no warnings or errors.', ''];
  return [
    'Service logs (warn and above):',
    '',
    ...noisy.map(
      ([name, l]) =>
        `- ${name}: ${n(l.warnings)} warnings, ${n(l.errors)} errors in \`${l.file}\`; last: ${l.last ?? '-'}`,
    ),
    '',
  ];
}

export function processTable(run: PhaseRun<unknown>): string[] {
  const rows = Object.entries(run.processes).map(([name, p]) => [
    name,
    n(p.peakRssMiB),
    n(p.lastRssMiB),
    p.cpuSeconds.toFixed(1),
    n(p.meanCpuPercent),
  ]);
  const machine = run.samples.length
    ? Math.round(run.samples.reduce((s, x) => s + x.machineCpuPercent, 0) / run.samples.length)
    : 0;
  return [
    ...table(['process', 'peak RSS MiB', 'last RSS MiB', 'CPU s', 'mean CPU % of a core'], rows, [
      '---',
      '---:',
      '---:',
      '---:',
      '---:',
    ]),
    `Machine CPU busy over the phase: ${machine} % of all cores. postgres = every PostgreSQL process on the machine ` +
      '(memory: the sum of their proportional set sizes, so shared buffers count once).',
    '',
    ...logLines(run),
  ];
}

function opsLines(run: PhaseRun<{ ops: OpsSample[] }>): string[] {
  const peaks = opsPeaks(run.result.ops);
  return [
    `Outbox backlog, peak: ${
      Object.entries(peaks.outbox)
        .map(([k, v]) => `${k} ${n(v)}`)
        .join(', ') || '-'
    }.`,
    `Consumer lag, peak: ${
      Object.entries(peaks.lag)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k} ${n(v)}`)
        .join('; ') || 'none'
    }.`,
    '',
  ];
}

export function renderMarkdown(report: BenchReport, chartFile: string): string {
  const { machine } = report;
  const lines: string[] = [
    `# Benchmark ${report.measuredAt.slice(0, 10)}`,
    '',
    `Command: \`${report.command}\` (measured ${report.measuredAt}).`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, ${machine.platform} (kernel ${machine.kernel}); ` +
      `load average ${machine.loadAverageAtStart.join(' / ')} at start, ${report.loadAverageAtEnd.join(' / ')} at end. ` +
      `Node ${machine.node}, PostgreSQL ${machine.postgres}, Redis ${machine.redis}, Kafka ${machine.kafka} (client ${machine.kafkaClient}). ` +
      'Everything (Kafka, PostgreSQL, Redis, the four services, the load generator and the sinks) runs on this one machine.',
    '',
    '## Targets',
    '',
    ...table(
      ['target', 'measured', ''],
      report.targets.map((t) => [
        t.target,
        t.measured,
        t.status === 'met' ? 'met' : t.status === 'missed' ? '**missed**' : t.status,
      ]),
    ),
  ];
  for (const failure of report.failures)
    lines.push(`**Phase ${failure.phase} failed:** ${failure.error}`, '');

  if (report.ceilings.length > 0) {
    lines.push(
      '## (a) Ceilings of this machine',
      '',
      ...table(
        ['measure', 'count', 'seconds', 'per second'],
        report.ceilings.map((c) => [c.name, n(c.count), c.seconds.toFixed(2), n(c.perSecond)]),
        ['---', '---:', '---:', '---:'],
      ),
    );
  }
  const kafkaCeiling = report.ceilings.find((c) => c.name.startsWith('kafka produce-to-consume'))?.perSecond;
  const pgCeiling = report.ceilings.find((c) => c.name.startsWith('postgres'))?.perSecond;

  if (report.ingest) {
    const r = report.ingest.result;
    lines.push(
      '## (b) End-to-end ingest',
      '',
      `${n(r.customers)} customers then ${n(r.invoices)} invoices (${n(r.events)} ERP events) on erp.events.v1, produced as fast as the ` +
        'producer goes; done when dunning has planned every invoice (case and steps rows committed). Real days: every step is weeks ahead.',
      '',
      ...table(
        ['measure', 'value'],
        [
          [
            'invoices planned',
            `${n(r.planned)} of ${n(r.invoices)}${r.cutOff ? ` (PARTIAL: ${r.cutOff === 'stalled' ? `no progress for --stall-seconds` : 'cut off by --ingest-max-minutes'})` : ''}`,
          ],
          ['first event produced to last invoice planned', `${r.seconds.toFixed(1)} s`],
          ['ERP events/s (overall)', n(r.erpEventsPerSecond)],
          ['invoices planned/s (overall)', n(r.invoicesPlannedPerSecond)],
          ['stage ERP -> ledger, invoices/s (sustained, 10-90 %)', n(r.sustained.ledgerInvoicesPerSecond)],
          [
            'stage ledger -> dunning plan, invoices/s (sustained, 10-90 %)',
            n(r.sustained.plannedInvoicesPerSecond),
          ],
          ['events produced/s (load generator)', n(r.producedPerSecond)],
          ['ERP events/s ÷ kafka produce-to-consume ceiling', percent(r.erpEventsPerSecond, kafkaCeiling)],
          [
            'invoices planned/s ÷ postgres batched-insert ceiling',
            percent(r.invoicesPlannedPerSecond, pgCeiling),
          ],
        ],
        ['---', '---:'],
      ),
      ...opsLines(report.ingest),
      '### (e) Redis memory per open case',
      '',
      `${report.ingest.ownRedis ? 'A redis-server of this phase alone' : 'The shared Redis (figures include its other data)'}: ` +
        `${mib(r.redis.atReadyBytes)} when the services were ready` +
        `${r.redis.few ? `, ${mib(r.redis.few.bytes)} with ${n(r.redis.few.openCases)} open cases` : ''}` +
        `${r.redis.many ? `, ${mib(r.redis.many.bytes)} with ${n(r.redis.many.openCases)} open cases` : ''}: ` +
        `${n(r.redis.bytesPerOpenCase)} bytes per open case. Dunning's queue at the end: ` +
        `${
          Object.entries(r.redis.dunningQueue)
            .map(([k, v]) => `${k} ${n(v)}`)
            .join(', ') || '-'
        }.`,
      '',
      ...processTable(report.ingest),
    );
  }

  if (report.latency) {
    const r = report.latency.result;
    lines.push(
      '## (c) Latency, ERP event to dunning plan',
      '',
      `${n(r.rate)} invoice events/s for ${r.seconds} s (after a warm-up), from the producer's send call to the commit of ` +
        "dunning's plan (heard through a NOTIFY from a trigger on the case table, delivered at commit).",
      '',
      ...table(
        ['measure', 'value'],
        [
          ['events produced in the window', `${n(r.sent)} (${n(r.achievedRate)}/s)`],
          ['plans committed during the window', `${n(r.plansPerSecondInWindow)}/s`],
          [
            'planned',
            `${n(r.planned)}${r.planned < r.sent ? ` (${n(r.sent - r.planned)} not planned within --latency-drain-seconds after the window: the platform did not keep up)` : ''}`,
          ],
          ['event to plan', ms(r.latencyMs)],
        ],
        ['---', '---:'],
      ),
      ...opsLines(report.latency),
      ...processTable(report.latency),
    );
  }

  if (report.burst) {
    const r = report.burst.result;
    lines.push(
      '## (d) Month-end burst',
      '',
      `${n(r.steps)} reminders of ${n(r.steps)} customers due at one instant, seeded into dunning's tables; the whole ` +
        'platform delivers them by email (to an in-process SMTP server) and SMS (to a local HTTP gateway). Lateness is ' +
        `measured from the instant a step was due. Settings: ${Object.entries(r.settings)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}.`,
      '',
      ...table(
        ['measure', 'value'],
        [
          ['timers armed when due', `${n(r.armedWhenDue)} of ${n(r.steps)}`],
          ['steps run', `${n(r.stepsRun)} (${n(r.stepsPerSecond)}/s)`],
          ['step lateness', ms(r.stepLatenessMs)],
          [
            'notices sent',
            `${n(r.delivered)} of ${n(r.expectedDeliveries)} (${n(r.deliveriesPerSecond)}/s)${r.failed ? `, ${n(r.failed)} failed` : ''}${r.cutOff ? ` (PARTIAL: ${r.cutOff === 'stalled' ? `no progress for --stall-seconds` : 'cut off by --burst-max-minutes'})` : ''}`,
          ],
          ['delivery lateness', ms(r.deliveryLatenessMs)],
          [
            'all delivered after',
            r.allDeliveredAfterSeconds === null ? 'not all delivered' : `${r.allDeliveredAfterSeconds} s`,
          ],
          [
            'received by the sinks',
            `email ${n(r.sink.email.received)} (${n(r.sink.email.distinct)} distinct), SMS ${n(r.sink.sms.received)} (${n(r.sink.sms.distinct)} distinct)`,
          ],
          ['Redis peak', mib(r.redisPeakBytes)],
        ],
        ['---', '---:'],
      ),
      ...opsLines(report.burst),
      ...processTable(report.burst),
    );
  }
  if (report.pages) lines.push(...pagesLines(report.pages));
  if (report.cpuProfiles.length > 0) {
    lines.push('## CPU profiles', '', ...report.cpuProfiles.map((p) => `- \`${p}\``), '');
  }
  lines.push(`![Throughput, latency and lateness over time](${chartFile})`, '');
  return lines.join('\n');
}
