import { testAdminKey } from '@dunning/testing';
import { describe, expect, it } from 'vitest';
import { runFaultSuite, runRecord } from '../src/index.ts';

// Long form only (LONG_TESTS=1): the whole platform, two replicas of each service, on a three-master
// Redis Cluster, under a short ERP stream; every master is flushed mid-ladder (armed step timers, queued
// deliveries and rate-limit counters gone at once) and the oracle judges the result.
describe('fault suite on a Redis Cluster', () => {
  // Past the suite's own bounds (start, a minute's wait, recovery, ten minutes' drain), so that it stops
  // and cleans up by itself first.
  it('loses and duplicates nothing when every master is flushed mid-ladder', {
    timeout: 1_500_000,
  }, async () => {
    const seed = Number(process.env.FAULT_SUITE_SEED ?? Date.now() % 100_000);
    // Printed and kept in the work dir (with the services' logs and data) when the run fails.
    const run = runRecord('redis-cluster', seed);
    const result = await runFaultSuite({
      customers: 30,
      invoicesPerSecond: 2,
      rounds: 1,
      settleMs: 8_000,
      // Drained well within a minute or two on an idle machine; the bound is for a busy one.
      drainMs: 600_000,
      faultsMatching: /^Redis Cluster FLUSHALL/,
      redisCluster: true,
      seed,
      duplicateShare: 0.05,
      workDir: run.workDir,
      adminKey: testAdminKey,
      dayMs: 200,
      replicas: 2,
      log: run.log,
    });
    run.report(result);

    expect(result.rows.map((row) => [row.fault, row.recoveryMs !== undefined])).toEqual([
      ['Redis Cluster FLUSHALL on every master', true],
    ]);
    expect(result.verdict.findings).toEqual([]);
    const { figures } = result.verdict;
    expect(figures.invoices).toBeGreaterThan(30);
    expect(figures.stepsRun).toBeGreaterThan(figures.invoices! / 2);
    expect(figures.emailsReceived).toBeGreaterThan(0);
    expect(figures.smsReceived).toBeGreaterThan(0);
    run.discard();
  });
});
