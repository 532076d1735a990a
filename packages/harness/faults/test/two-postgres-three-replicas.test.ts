import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEDGER_INVOICE_OVERDUE, Topics } from '@dunning/contracts';
import { testAdminKey } from '@dunning/testing';
import { describe, expect, it } from 'vitest';
import {
  faultTable,
  periodicJobCounts,
  periodicJobsOf,
  periodicJobTable,
  type ReplicaJobs,
  readTopic,
  runFaultSuite,
} from '../src/index.ts';

// Long form only (npm run test:long): three replicas of every service, the services spread over two
// PostgreSQL servers, and the second server crashed mid-stream.
describe('fault suite: three replicas of every service on two PostgreSQL servers', () => {
  it('loses and duplicates nothing through a crash of the second server, and every replica runs every periodic job, never two at once', {
    timeout: 900_000,
  }, async () => {
    const seed = Number(process.env.FAULT_SUITE_SEED ?? Date.now() % 100_000);
    const workDir = mkdtempSync(join(tmpdir(), 'fault-suite-pg2-'));
    const log = (line: string) => {
      console.log(`[faults pg2 seed=${seed}] ${line}`);
      appendFileSync(join(workDir, 'suite.log'), `${line}\n`);
    };
    log(`work dir ${workDir} (service logs under logs/)`);
    let jobs: ReplicaJobs[] = [];
    const overdueAnnouncements = new Map<string, Set<string>>();
    const result = await runFaultSuite({
      // Twelve service processes and two servers on two cores: a lighter stream than the two-replica
      // suite's, so the backlog a crash leaves can drain.
      customers: 20,
      invoicesPerSecond: 1,
      rounds: 1,
      settleMs: 15_000,
      drainMs: 300_000,
      seed,
      duplicateShare: 0.05,
      workDir,
      adminKey: testAdminKey,
      dayMs: 200,
      replicas: 3,
      postgresServers: 2,
      faultNames: ['second PostgreSQL server (dunning, notifications) crash (immediate stop), restart'],
      log,
      async afterDrain({ replicas, kafka }) {
        jobs = await periodicJobCounts(replicas, testAdminKey);
        // The shared announcer's evidence: each invoice announced overdue under one event id at most.
        for (const { event } of await readTopic(kafka, Topics.ledgerEvents)) {
          if (event.type !== LEDGER_INVOICE_OVERDUE) continue;
          const invoiceId = String(event.data.invoiceId);
          overdueAnnouncements.set(
            invoiceId,
            (overdueAnnouncements.get(invoiceId) ?? new Set()).add(event.id),
          );
        }
      },
    });
    log(`\n${faultTable(result)}`);
    log(`\n${periodicJobTable(jobs)}`);
    log(
      `figures ${JSON.stringify(result.verdict.figures)}; overdue announcements ${overdueAnnouncements.size}; resent under the same id: ${result.verdict.resentSameId}; replicas restarted after exiting on their own: ${result.selfExits}; ${Math.round(result.durationMs / 1000)} s`,
    );
    writeFileSync(join(workDir, 'findings.json'), JSON.stringify(result.verdict.findings, null, 2));
    for (const finding of result.verdict.findings.slice(0, 40))
      log(`finding: ${finding.kind}: ${finding.what}`);

    // Nothing lost or duplicated, and the crash recovered from.
    expect(result.verdict.findings).toEqual([]);
    expect(result.rows.map((row) => [row.fault, row.recoveryMs !== undefined])).toEqual([
      ['second PostgreSQL server (dunning, notifications) crash (immediate stop), restart', true],
    ]);
    const { figures } = result.verdict;
    expect(figures.invoices).toBeGreaterThan(20);
    expect(figures.stepsRun).toBeGreaterThan(figures.invoices! / 2);
    expect(figures.emailsReceived).toBeGreaterThan(0);

    // None starved: every replica of every service ran each of its periodic jobs.
    const expected = Object.entries(periodicJobsOf).flatMap(([service, names]) =>
      [1, 2, 3].flatMap((n) => names.map((job) => `${service}#${n} ${job}`)),
    );
    expect(jobs.map((row) => `${row.replica} ${row.job}`).sort()).toEqual(expected.sort());
    expect(jobs.filter((row) => row.runs === 0)).toEqual([]);
    // No two at once: exclusive jobs met their lock held (the turns skipped), and the shared announcer
    // announced each invoice once.
    for (const job of ['horizon-pump', 'sweeper', 'periodic-rescore'])
      expect(
        jobs.filter((row) => row.job === job).reduce((sum, row) => sum + row.skipped, 0),
      ).toBeGreaterThan(0);
    expect(overdueAnnouncements.size).toBeGreaterThan(0);
    expect([...overdueAnnouncements].filter(([, ids]) => ids.size > 1)).toEqual([]);
    rmSync(workDir, { recursive: true, force: true });
  });
});
