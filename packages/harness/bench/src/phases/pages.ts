// (f) Scale: 100,000 customers and 1,000,000 invoices seeded straight into every service's tables,
// then every console page and every report timed with the platform running.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { type SeedPlan, seedPlan } from '../domain/seed-plan.ts';
import type { TargetCheck } from '../domain/targets.ts';
import type { BenchOptions } from '../options.ts';
import { using } from '../platform/closers.ts';
import { benchAdminKey } from '../platform/platform.ts';
import { type PhaseRun, runPhase } from '../platform/run-phase.ts';
import { addCollector, signIn, startBenchConsole } from './pages/console.ts';
import { type SeedFigures, seedPagesData } from './pages/seed.ts';
import { timeUrl, type UrlTiming } from './pages/time-urls.ts';
import { type TargetContext, TIMED_URLS } from './pages-targets.ts';

export interface PagesResult {
  plan: SeedPlan;
  seed: SeedFigures;
  /** Rows per table after seeding (service.table). */
  tableRows: Record<string, number>;
  requestsPerUrl: number;
  urls: UrlTiming[];
}

const log = (line: string) => process.stderr.write(`pages: ${line}\n`);

/** The services' and the console's connections (their application_name) in the run's database. */
const APPLICATIONS = ['invoices', 'credit-risk', 'dunning', 'dunning-engine', 'notifications', 'console'];

/** Waits (at most `maxMs`) until none of them has a query running for over half a second. */
async function drain(db: pg.Pool, maxMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const { rows } = await db.query<{ busy: number }>({
      text: `SELECT count(*)::int AS busy FROM pg_stat_activity
             WHERE datname = current_database() AND state = 'active' AND application_name = ANY ($1)
               AND now() - query_start > interval '500 milliseconds'`,
      values: [APPLICATIONS],
    });
    if (rows[0]!.busy === 0 || Date.now() - started > maxMs)
      return Math.round((Date.now() - started) / 100) / 10;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
const day = (at: Date) => at.toISOString().slice(0, 10);

export function pagesPhase(options: BenchOptions, name: string): Promise<PhaseRun<PagesResult>> {
  const plan = seedPlan(options.invoices, options['invoices-per-customer']);
  return runPhase(options, name, {}, async ({ db, platform }) => {
    log(`seeding ${plan.customers} customers and ${plan.invoices} invoices`);
    const seed = await seedPagesData(db, platform, plan);
    const { rows: counts } = await db.query<{ name: string; rows: string }>({
      text: `SELECT schemaname || '.' || relname AS name, n_live_tup::text AS rows FROM pg_stat_user_tables
             WHERE schemaname = ANY ($1) AND n_live_tup > 0 ORDER BY n_live_tup DESC`,
      values: [platform.services.map((s) => platform.schemaOf(s.name))],
    });
    const tableRows = Object.fromEntries(
      counts.map((r) => [r.name.replace(`${platform.name}_`, ''), Number(r.rows)]),
    );
    const notice = await db.query<{ delivery_id: string }>(
      `SELECT delivery_id FROM ${platform.schemaOf('notifications')}.deliveries WHERE customer_id = 'pc1' LIMIT 1`,
    );
    const now = new Date();
    const context: TargetContext = {
      bigCustomer: 'pc1',
      typicalCustomer: `pc${Math.floor(plan.customers / 2)}`,
      // Customer 1's collector: the worklist that holds the big customer's tasks.
      collector: 'col-2',
      notice: notice.rows[0]?.delivery_id ?? 'none',
      today: day(now),
      monthAgo: day(new Date(now.getTime() - 30 * 86_400_000)),
      weekAhead: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
    };
    return using(
      () => startBenchConsole(platform, options.databaseUrl, `${options['work-dir']}/logs`),
      (console_) => console_.close(),
      async (console_) => {
        const admin = await signIn(console_.url, 'benchadmin', console_.adminPassword);
        const collectorPassword = randomBytes(18).toString('base64url');
        await addCollector(console_.url, admin, {
          username: 'collector2',
          password: collectorPassword,
          collectorId: context.collector,
        });
        const collector = await signIn(console_.url, 'collector2', collectorPassword);
        const urls: UrlTiming[] = [];
        for (const target of TIMED_URLS) {
          const timing = await timeUrl(target, context, {
            urlOf: (app) => (app === 'console' ? console_.url : platform.url(app)),
            headersFor: (t): Record<string, string> =>
              t.app === 'console'
                ? { cookie: t.as === 'collector' ? collector : admin }
                : { authorization: `Bearer ${benchAdminKey}` },
            requests: options['pages-requests'],
            budgetMs: options['pages-url-seconds'] * 1000,
            drain: () => drain(db, 300_000),
          });
          urls.push(timing);
          log(
            `${timing.verdict.padEnd(7)} ${timing.app.padEnd(13)} ${timing.path.slice(0, 70).padEnd(70)} ` +
              `${timing.status}${timing.drainSeconds >= 1 ? ` (after ${timing.drainSeconds} s drain)` : ''} p50 ${timing.serverMs.p50 ?? '-'} p95 ${timing.serverMs.p95 ?? '-'} max ${timing.serverMs.max ?? '-'} ms`,
          );
        }
        return { plan, seed, tableRows, requestsPerUrl: options['pages-requests'], urls };
      },
    );
  });
}

/** The report's target lines: console pages and reports, how many met their p95 target. */
export function pagesTargets(result: PagesResult): TargetCheck[] {
  const line = (target: string, urls: UrlTiming[]): TargetCheck => {
    const measured = urls.filter((u) => u.verdict === 'met' || u.verdict === 'missed');
    const met = measured.filter((u) => u.verdict === 'met').length;
    const missing = urls.filter((u) => u.verdict === 'missing').length;
    const errors = urls.filter((u) => u.verdict === 'error').length;
    return {
      target,
      measured:
        `${met} of ${measured.length} met at ${result.plan.invoices.toLocaleString('en-US')} invoices` +
        `${missing ? `, ${missing} missing (404)` : ''}${errors ? `, ${errors} failed` : ''}`,
      status:
        measured.length === 0 ? 'not measured' : met === measured.length && errors === 0 ? 'met' : 'missed',
    };
  };
  return [
    line(
      'every console page p95 < 300 ms (server time)',
      result.urls.filter((u) => u.app === 'console' && u.targetMs < 500),
    ),
    // The insight page's parts are reports rendered by the console: they count with the reports.
    line(
      'every report p95 < 500 ms (server time)',
      result.urls.filter((u) => u.app !== 'console' || u.targetMs >= 500),
    ),
  ];
}
