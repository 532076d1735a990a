import { testAdminKey } from '@dunning/testing';
import { expect } from 'vitest';
import {
  everyReplicaJob,
  overdueAnnouncements,
  periodicJobCounts,
  periodicJobTable,
  type ReplicaJobs,
  runFaultSuite,
  runRecord,
} from '../src/index.ts';

// The two topologies the suite runs, each with its checks: one machine (two replicas of every service,
// one broker, one redis-server, one PostgreSQL server) and beyond one machine (three replicas, three
// Kafka nodes, a Redis Cluster, two PostgreSQL servers).

/** The single-machine faults, in list order: a bounded run strikes the one `faultPick` names (mod 8). */
export const SINGLE_MACHINE_FAULTS = 8;

/** The faults beyond one machine, in list order. */
export const SCALE_OUT_FAULTS = [
  'kill -9 dunning replica 1',
  'Kafka broker 2 of 3 kill -9',
  'Redis Cluster FLUSHALL on every master',
  'second PostgreSQL server (dunning, notifications) crash (immediate stop), restart',
];
const SCALE_OUT_MATCHING =
  /^(Kafka broker 2 of 3 kill -9|Redis Cluster FLUSHALL on every master|second PostgreSQL server|kill -9 dunning replica 1)/;

/**
 * One machine. Bounded: one fault (`faultPick`), 30 customers at 2 invoices/s for at least 20 s. Long:
 * three rounds of all eight, 120 customers at 3 invoices/s.
 */
export async function singleMachineRun(seed: number, form: { long: true } | { faultPick: number }) {
  const long = 'long' in form;
  // Printed and kept in the work dir (with the services' logs and data) when the run fails.
  const run = runRecord('faults', seed);
  // The stream stays within what notifications delivers on this 2-core machine while everything else
  // runs, so that the backlog a fault leaves can drain.
  const shape = long
    ? { customers: 120, invoicesPerSecond: 3, rounds: 3, settleMs: 10_000, drainMs: 900_000 }
    : {
        customers: 30,
        invoicesPerSecond: 2,
        rounds: 1,
        faultsPerRound: 1,
        faultPick: form.faultPick,
        settleMs: 6_000,
        minStreamMs: 20_000,
        drainMs: 180_000,
      };
  const result = await runFaultSuite({
    ...shape,
    seed,
    duplicateShare: 0.05,
    workDir: run.workDir,
    adminKey: testAdminKey,
    dayMs: 200,
    replicas: 2,
    log: run.log,
  });
  run.report(result);

  expect(result.rows).toHaveLength(long ? 3 * SINGLE_MACHINE_FAULTS : 1);
  expect(result.verdict.findings).toEqual([]);
  expect(result.rows.map((row) => [row.fault, row.recoveryMs !== undefined])).toEqual(
    result.rows.map((row) => [row.fault, true]),
  );
  // The oracle had something to judge: invoices settled and open, steps run, notices on every channel.
  const { figures } = result.verdict;
  expect(figures.invoices).toBeGreaterThan(30);
  expect(figures.invoicesSettled).toBeGreaterThan(0);
  expect(figures.stepsRun).toBeGreaterThan(figures.invoices! / 2);
  expect(figures.emailsReceived).toBeGreaterThan(0);
  expect(figures.smsReceived).toBeGreaterThan(0);
  run.discard();
}

/**
 * Beyond one machine, every topology at once, 20 customers at 1 invoice/s. Bounded: one of its four
 * faults (`faultPick`) on a stream of at least 20 s. Long: all four. Then the periodic jobs of every
 * replica: none starved, none run twice at once.
 */
export async function scaleOutRun(seed: number, form: { long: true } | { faultPick: number }) {
  const long = 'long' in form;
  const run = runRecord('scale-out', seed);
  let jobs: ReplicaJobs[] = [];
  let announced = new Map<string, Set<string>>();
  const result = await runFaultSuite({
    customers: 20,
    invoicesPerSecond: 1,
    rounds: 1,
    settleMs: 5_000,
    // Bounded: a stream of at least 20 s however quickly the fault is recovered from, so that the
    // oracle has invoices to judge and the periodic jobs have turns to take.
    ...(long ? {} : { faultsPerRound: 1, faultPick: form.faultPick, minStreamMs: 20_000 }),
    drainMs: long ? 300_000 : 180_000,
    seed,
    duplicateShare: 0.05,
    workDir: run.workDir,
    adminKey: testAdminKey,
    dayMs: 200,
    replicas: 3,
    kafkaBrokers: 3,
    redisCluster: true,
    postgresServers: 2,
    faultsMatching: SCALE_OUT_MATCHING,
    log: run.log,
    async afterDrain({ replicas, kafka }) {
      jobs = await periodicJobCounts(replicas, testAdminKey);
      announced = await overdueAnnouncements(kafka);
    },
  });
  run.report(result, periodicJobTable(jobs));

  const struck = result.rows.map((row) => row.fault.split(';')[0]!);
  expect(struck).toEqual(
    long ? SCALE_OUT_FAULTS : [SCALE_OUT_FAULTS[form.faultPick % SCALE_OUT_FAULTS.length]],
  );
  expect(result.rows.filter((row) => row.recoveryMs === undefined)).toEqual([]);
  // The services kept working with a broker down: a canary crossed all of them before its restart.
  for (const row of result.rows.filter((r) => r.fault.startsWith('Kafka broker')))
    expect(row.note).toMatch(/canary crossed in [\d.]+ s while down/);
  expect(result.verdict.findings).toEqual([]);
  const { figures } = result.verdict;
  expect(figures.invoices).toBeGreaterThan(15);
  expect(figures.stepsRun).toBeGreaterThan(figures.invoices! / 2);
  expect(figures.emailsReceived).toBeGreaterThan(0);
  expect(figures.smsReceived).toBeGreaterThan(0);

  expectJobsSharedByReplicas(jobs, announced, ['horizon-pump', 'sweeper']);
  run.discard();
}

/**
 * Three replicas' periodic jobs after a run: none starved (every replica ran each of its service's
 * jobs), none twice at once (the `exclusive` ones met their lock held on some turn; the shared overdue
 * announcer announced each invoice once).
 */
export function expectJobsSharedByReplicas(
  jobs: ReplicaJobs[],
  announced: Map<string, Set<string>>,
  exclusive: string[],
): void {
  expect(jobs.map((row) => `${row.replica} ${row.job}`).sort()).toEqual(everyReplicaJob(3).sort());
  expect(jobs.filter((row) => row.runs === 0)).toEqual([]);
  for (const job of exclusive)
    expect(jobs.filter((row) => row.job === job).reduce((sum, row) => sum + row.skipped, 0)).toBeGreaterThan(
      0,
    );
  expect(announced.size).toBeGreaterThan(0);
  expect([...announced].filter(([, ids]) => ids.size > 1)).toEqual([]);
}
