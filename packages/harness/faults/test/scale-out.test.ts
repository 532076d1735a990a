import { testAdminKey } from '@dunning/testing';
import { describe, expect, it } from 'vitest';
import {
  everyReplicaJob,
  overdueAnnouncements,
  periodicJobCounts,
  periodicJobTable,
  type ReplicaJobs,
  runFaultSuite,
  runRecord,
} from '../src/index.ts';

// The platform as it runs beyond one machine, every topology at once: three replicas of every service,
// a three-node Kafka cluster (replication 3, min.insync.replicas 2), a three-master Redis Cluster, and
// dunning and notifications on a second PostgreSQL server; each topology's fault once on a short
// stream. Long form (LONG_TESTS=1): about 7 minutes on two cores, most of it the broker's restart.
// kafka-cluster, redis-cluster and two-postgres-three-replicas run each topology on its own;
// fault-suite.test.ts (bounded in npm test) the single-machine faults.
const FAULTS =
  /^(Kafka broker 2 of 3 kill -9|Redis Cluster FLUSHALL on every master|second PostgreSQL server|kill -9 dunning replica 1)/;

describe('fault suite beyond one machine: Kafka cluster, Redis Cluster, two PostgreSQL servers, three replicas', () => {
  it('loses and duplicates nothing through a broker kill, a flush of every Redis master, a database server crash and a replica kill; every replica runs its periodic jobs, never two at once', {
    timeout: 1_500_000,
  }, async () => {
    const seed = Number(process.env.FAULT_SUITE_SEED ?? Date.now() % 100_000);
    // Printed and kept in the work dir (with the services' logs and data) when the run fails.
    const run = runRecord('scale-out', seed);
    let jobs: ReplicaJobs[] = [];
    let announced = new Map<string, Set<string>>();
    const result = await runFaultSuite({
      customers: 20,
      invoicesPerSecond: 1,
      rounds: 1,
      settleMs: 5_000,
      drainMs: 300_000,
      seed,
      duplicateShare: 0.05,
      workDir: run.workDir,
      adminKey: testAdminKey,
      dayMs: 200,
      replicas: 3,
      kafkaBrokers: 3,
      redisCluster: true,
      postgresServers: 2,
      faultsMatching: FAULTS,
      log: run.log,
      async afterDrain({ replicas, kafka }) {
        jobs = await periodicJobCounts(replicas, testAdminKey);
        announced = await overdueAnnouncements(kafka);
      },
    });
    run.report(result, periodicJobTable(jobs));

    expect(result.rows.map((row) => [row.fault.split(';')[0], row.recoveryMs !== undefined])).toEqual([
      ['kill -9 dunning replica 1', true],
      ['Kafka broker 2 of 3 kill -9', true],
      ['Redis Cluster FLUSHALL on every master', true],
      ['second PostgreSQL server (dunning, notifications) crash (immediate stop), restart', true],
    ]);
    // The services kept working with a broker down: a canary crossed all of them before its restart.
    expect(result.rows[1]?.note).toMatch(/canary crossed in [\d.]+ s while down/);
    expect(result.verdict.findings).toEqual([]);
    const { figures } = result.verdict;
    expect(figures.invoices).toBeGreaterThan(15);
    expect(figures.stepsRun).toBeGreaterThan(figures.invoices! / 2);
    expect(figures.emailsReceived).toBeGreaterThan(0);
    expect(figures.smsReceived).toBeGreaterThan(0);

    // None starved: every replica of every service ran each of its periodic jobs.
    expect(jobs.map((row) => `${row.replica} ${row.job}`).sort()).toEqual(everyReplicaJob(3).sort());
    expect(jobs.filter((row) => row.runs === 0)).toEqual([]);
    // No two at once: exclusive jobs met their lock held (turns skipped); the shared overdue announcer
    // announced each invoice once.
    for (const job of ['horizon-pump', 'sweeper'])
      expect(
        jobs.filter((row) => row.job === job).reduce((sum, row) => sum + row.skipped, 0),
      ).toBeGreaterThan(0);
    expect(announced.size).toBeGreaterThan(0);
    expect([...announced].filter(([, ids]) => ids.size > 1)).toEqual([]);
    run.discard();
  });
});
