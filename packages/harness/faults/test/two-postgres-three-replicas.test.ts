import { testAdminKey } from '@dunning/testing';
import { describe, expect, it } from 'vitest';
import {
  overdueAnnouncements,
  periodicJobCounts,
  periodicJobTable,
  type ReplicaJobs,
  runFaultSuite,
  runRecord,
} from '../src/index.ts';
import { expectJobsSharedByReplicas } from './fault-runs.ts';

// Long form only (npm run test:long): three replicas of every service, the services spread over two
// PostgreSQL servers, and the second server crashed mid-stream.
describe('fault suite: three replicas of every service on two PostgreSQL servers', () => {
  it('loses and duplicates nothing through a crash of the second server, and every replica runs every periodic job, never two at once', {
    timeout: 900_000,
  }, async () => {
    const seed = Number(process.env.FAULT_SUITE_SEED ?? Date.now() % 100_000);
    // Printed and kept in the work dir (with the services' logs and data) when the run fails.
    const run = runRecord('faults-pg2', seed);
    let jobs: ReplicaJobs[] = [];
    let announced = new Map<string, Set<string>>();
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
      workDir: run.workDir,
      adminKey: testAdminKey,
      dayMs: 200,
      replicas: 3,
      postgresServers: 2,
      faultNames: ['second PostgreSQL server (dunning, notifications) crash (immediate stop), restart'],
      log: run.log,
      async afterDrain({ replicas, kafka }) {
        jobs = await periodicJobCounts(replicas, testAdminKey);
        announced = await overdueAnnouncements(kafka);
      },
    });
    run.report(result, periodicJobTable(jobs), `overdue announcements: ${announced.size} invoices`);

    // Nothing lost or duplicated, and the crash recovered from.
    expect(result.verdict.findings).toEqual([]);
    expect(result.rows.map((row) => [row.fault, row.recoveryMs !== undefined])).toEqual([
      ['second PostgreSQL server (dunning, notifications) crash (immediate stop), restart', true],
    ]);
    const { figures } = result.verdict;
    expect(figures.invoices).toBeGreaterThan(20);
    expect(figures.stepsRun).toBeGreaterThan(figures.invoices! / 2);
    expect(figures.emailsReceived).toBeGreaterThan(0);

    expectJobsSharedByReplicas(jobs, announced, ['horizon-pump', 'sweeper', 'periodic-rescore']);
    run.discard();
  });
});
