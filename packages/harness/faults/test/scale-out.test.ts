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
    const workDir = mkdtempSync(join(tmpdir(), 'fault-suite-scale-out-'));
    const log = (line: string) => {
      console.log(`[scale-out seed=${seed}] ${line}`);
      appendFileSync(join(workDir, 'suite.log'), `${line}\n`);
    };
    log(`work dir ${workDir} (service logs under logs/)`);
    let jobs: ReplicaJobs[] = [];
    const overdueAnnouncements = new Map<string, Set<string>>();
    const result = await runFaultSuite({
      customers: 20,
      invoicesPerSecond: 1,
      rounds: 1,
      settleMs: 5_000,
      drainMs: 300_000,
      seed,
      duplicateShare: 0.05,
      workDir,
      adminKey: testAdminKey,
      dayMs: 200,
      replicas: 3,
      kafkaBrokers: 3,
      redisCluster: true,
      postgresServers: 2,
      faultsMatching: FAULTS,
      log,
      async afterDrain({ replicas, kafka }) {
        jobs = await periodicJobCounts(replicas, testAdminKey);
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
      `figures ${JSON.stringify(result.verdict.figures)}; resent under the same id: ${result.verdict.resentSameId}; replicas restarted after exiting on their own: ${result.selfExits}; ${Math.round(result.durationMs / 1000)} s`,
    );
    writeFileSync(join(workDir, 'findings.json'), JSON.stringify(result.verdict.findings, null, 2));
    for (const finding of result.verdict.findings.slice(0, 40))
      log(`finding: ${finding.kind}: ${finding.what}`);

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
    const expected = Object.entries(periodicJobsOf).flatMap(([service, names]) =>
      [1, 2, 3].flatMap((n) => names.map((job) => `${service}#${n} ${job}`)),
    );
    expect(jobs.map((row) => `${row.replica} ${row.job}`).sort()).toEqual(expected.sort());
    expect(jobs.filter((row) => row.runs === 0)).toEqual([]);
    // No two at once: exclusive jobs met their lock held (turns skipped); the shared overdue announcer
    // announced each invoice once.
    for (const job of ['horizon-pump', 'sweeper'])
      expect(
        jobs.filter((row) => row.job === job).reduce((sum, row) => sum + row.skipped, 0),
      ).toBeGreaterThan(0);
    expect(overdueAnnouncements.size).toBeGreaterThan(0);
    expect([...overdueAnnouncements].filter(([, ids]) => ids.size > 1)).toEqual([]);
    rmSync(workDir, { recursive: true, force: true });
  });
});
