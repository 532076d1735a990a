import { testLogger, waitFor } from '@dunning/testing';
import { describe, expect, it } from 'vitest';
import { startPeriodicJob } from '../src/index.ts';

describe('startPeriodicJob', () => {
  it('runs on its interval, never overlapping itself, and keeps running after a failure', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const job = await startPeriodicJob(
      {
        name: 'test-job',
        everyMs: 5,
        firstRunAfterMs: 0,
        async run() {
          runs++;
          active++;
          maxActive = Math.max(maxActive, active);
          await new Promise((resolve) => setTimeout(resolve, 10));
          active--;
          if (runs === 2) throw new Error('second run fails');
          return runs;
        },
      },
      testLogger('periodic'),
    );
    const asked = job.runOnce();
    await waitFor(async () => runs >= 5, { timeoutMs: 5_000, what: 'five runs' });
    expect(await asked).toBeGreaterThan(0);
    await job.stop();
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(after);
    expect(maxActive).toBe(1);
  });

  it('runs once at start when asked, and stop aborts the run under way and waits for it', async () => {
    let started = 0;
    let sawAbort = false;
    const job = await startPeriodicJob(
      {
        name: 'batches',
        everyMs: 60_000,
        runAtStart: true,
        async run(signal) {
          started++;
          if (started === 1) return;
          while (!signal.aborted) await new Promise((resolve) => setTimeout(resolve, 5));
          sawAbort = true;
        },
      },
      testLogger('periodic'),
    );
    expect(started).toBe(1);
    void job.runOnce();
    await waitFor(async () => started === 2, { timeoutMs: 5_000, what: 'the second run' });
    await job.stop();
    expect(sawAbort).toBe(true);
  });
});
