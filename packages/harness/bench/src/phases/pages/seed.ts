// Seeds every service's tables straight from SQL (generate_series), after the services have migrated
// their schemas: a realistic, consistent data set in seconds rather than hours of events.
import type pg from 'pg';
import type { SeedPlan } from '../../domain/seed-plan.ts';
import type { BenchPlatform } from '../../platform/platform.ts';
import { thousands } from '../../progress.ts';
import { dunningSteps } from './seed-dunning.ts';
import { ledgerSteps, planSteps } from './seed-ledger.ts';
import { creditRiskSteps, notificationSteps } from './seed-others.ts';

export interface SeedStep {
  label: string;
  sql: string;
}

export interface SeedFigures {
  seconds: number;
  /** Rows written per table (label), in order. */
  rows: { label: string; rows: number; seconds: number }[];
}

const log = (line: string) => process.stderr.write(`pages: ${line}\n`);

async function runStep(client: pg.PoolClient, step: SeedStep): Promise<SeedFigures['rows'][number]> {
  const at = Date.now();
  const result = await client.query(step.sql);
  const seconds = (Date.now() - at) / 1000;
  const count = result.rowCount ?? 0;
  log(
    `${step.label}: ${thousands(count)} rows in ${seconds.toFixed(1)} s` +
      (count > 0 ? ` (${thousands(Math.round(count / Math.max(seconds, 0.001)))} rows/s)` : ''),
  );
  return { label: step.label, rows: count, seconds };
}

export async function seedPagesData(
  db: pg.Pool,
  platform: BenchPlatform,
  plan: SeedPlan,
): Promise<SeedFigures> {
  const ledger = platform.schemaOf('invoices');
  const dunning = platform.schemaOf('dunning');
  const steps = [
    ...planSteps(plan, ledger),
    ...ledgerSteps(ledger),
    ...dunningSteps(ledger, dunning),
    ...creditRiskSteps(ledger, platform.schemaOf('credit-risk')),
    ...notificationSteps(ledger, dunning, platform.schemaOf('notifications')),
    { label: 'plan: dropped', sql: `DROP TABLE ${ledger}.bench_plan, ${ledger}.bench_customers` },
  ];
  const started = Date.now();
  const rows: SeedFigures['rows'] = [];
  const client = await db.connect();
  try {
    // The ledger's, dunning's and notifications' triggers name their tables unqualified, as each service's
    // own sessions do (the schemas share no table a trigger names).
    await client.query(`SET search_path TO ${ledger}, ${dunning}, ${platform.schemaOf('notifications')}`);
    for (const step of steps) rows.push(await runStep(client, step));
  } finally {
    client.release(true);
  }
  // What autovacuum would have done by the time a real ledger holds this much: statistics for the
  // planner and visibility maps for index-only scans.
  const at = Date.now();
  const schemas = platform.services.map((s) => platform.schemaOf(s.name));
  const { rows: tables } = await db.query<{ name: string }>({
    text: `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables
           WHERE schemaname = ANY ($1)`,
    values: [schemas],
  });
  for (const table of tables) await db.query(`VACUUM (ANALYZE) ${table.name}`);
  rows.push({ label: 'vacuum analyze', rows: 0, seconds: (Date.now() - at) / 1000 });
  const seconds = (Date.now() - started) / 1000;
  const total = rows.reduce((sum, r) => sum + r.rows, 0);
  log(
    `seeded ${thousands(total)} rows in ${seconds.toFixed(1)} s (${thousands(Math.round(total / seconds))} rows/s)`,
  );
  return { seconds: Math.round(seconds * 10) / 10, rows };
}
