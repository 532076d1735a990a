import type { PagesResult } from '../phases/pages.ts';
import type { PhaseRun } from '../platform/run-phase.ts';
import { processTable, table } from './markdown.ts';

const ms = (v: number | null) => (v === null ? '-' : v.toFixed(1));
const n = (v: number) => v.toLocaleString('en-US');
const verdict = { met: 'met', missed: '**missed**', missing: 'missing (404)', error: '**error**' } as const;

export function pagesLines(run: PhaseRun<PagesResult>): string[] {
  const r = run.result;
  const rows = Object.entries(r.tableRows).slice(0, 25);
  return [
    '## (f) Pages and reports at scale',
    '',
    `${n(r.plan.customers)} customers and ${n(r.plan.invoices)} invoices (customer pc1 holds ${n(r.plan.bigCustomerInvoices)}) ` +
      `seeded straight into every service's tables in ${r.seed.seconds} s; then each URL once to warm up and up to ` +
      `${r.requestsPerUrl} sequential requests (fewer when one URL took over --pages-url-seconds). Server time is the app's ` +
      '`Server-Timing` (request in to response ready: a console page includes its calls to the services); ' +
      'client time is on localhost. Before each URL the bench waits until no service runs a query for over 0.5 s ' +
      '(queries a timed-out console page left behind), up to 5 minutes. Target p95: console pages < 300 ms, reports < 500 ms.',
    '',
    ...table(
      ['app', 'as', 'URL', 'status', 'n', 'p50 ms', 'p95 ms', 'max ms', 'client p95 ms', 'target ms', ''],
      r.urls.map((u) => [
        u.app,
        u.as ?? '',
        `\`${u.path.replaceAll('|', '\\|')}\``,
        u.status,
        u.serverMs.count,
        ms(u.serverMs.p50),
        ms(u.serverMs.p95),
        ms(u.serverMs.max),
        ms(u.clientMs.p95),
        u.targetMs,
        `${verdict[u.verdict]}${u.source === 'client' ? ' (client time)' : ''}` +
          `${(u.drainSeconds ?? 0) >= 1 ? `; ${u.drainSeconds} s drain before` : ''}`,
      ]),
      ['---', '---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---'],
    ),
    'Seeding:',
    '',
    ...table(
      ['step', 'rows', 's'],
      r.seed.rows.map((s) => [s.label, n(s.rows), s.seconds.toFixed(1)]),
      ['---', '---:', '---:'],
    ),
    'Largest tables after seeding:',
    '',
    ...table(
      ['table', 'rows'],
      rows.map(([name, count]) => [name, n(count)]),
      ['---', '---:'],
    ),
    ...processTable(run),
  ];
}
