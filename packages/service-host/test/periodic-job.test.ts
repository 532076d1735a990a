import { testLogger, waitFor } from '@dunning/testing';
import { describe, expect, it } from 'vitest';
import { batchedJob, type JobLock, startPeriodicJob } from '../src/index.ts';

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
  it('spreads the turns of an exclusive job: each pause is its interval plus up to a tenth, at random', async () => {
    const starts: number[] = [];
    // A lock that is always free: the pauses alone are measured.
    const lock: JobLock = {
      async hold(_job, _wait, work) {
        return { held: true, value: await work() };
      },
    };
    const job = await startPeriodicJob(
      {
        name: 'spread-job',
        everyMs: 400,
        firstRunAfterMs: 0,
        async run() {
          starts.push(performance.now());
        },
      },
      testLogger('periodic'),
      { lock },
    );
    await waitFor(async () => starts.length >= 8, { timeoutMs: 15_000, what: 'eight runs' });
    await job.stop();
    const pauses = starts.slice(1).map((at, i) => at - starts[i]!);
    // Timers fire late, never early; a pause of 400 ms plus a tenth at most, and a late timer's slack.
    for (const pause of pauses) expect(pause).toBeGreaterThanOrEqual(399);
    for (const pause of pauses) expect(pause).toBeLessThan(520);
    // Without the spread, replicas started together keep their turns in step: the pauses would all be
    // 400 ms and a timer's few milliseconds late (1.6 ms apart here). Seven draws of up to 40 ms all
    // within 8 ms of each other: about one run in 2,500.
    expect(Math.max(...pauses) - Math.min(...pauses)).toBeGreaterThan(8);
  });
});

describe('batchedJob', () => {
  const runWith = async (answers: number[], signal = new AbortController().signal) => {
    const limits: number[] = [];
    const job = batchedJob({
      name: 'fold',
      everyMs: 1_000,
      batch: 50,
      async step(limit) {
        limits.push(limit);
        return answers[limits.length - 1] ?? 0;
      },
    });
    return { total: await job.run(signal), limits };
  };

  it('moves batches until one comes back short, and answers the total moved', async () => {
    expect(await runWith([50, 50, 20, 50])).toEqual({ total: 120, limits: [50, 50, 50] });
    // Several logs folded in one step may move more than a batch in all: there may be more.
    expect(await runWith([80, 10])).toEqual({ total: 90, limits: [50, 50] });
    expect(await runWith([0])).toEqual({ total: 0, limits: [50] });
  });

  it('stops when another replica holds the work (a negative answer) or the job stops', async () => {
    expect(await runWith([-1, 50])).toEqual({ total: 0, limits: [50] });
    const stopped = new AbortController();
    stopped.abort();
    expect(await runWith([50, 50], stopped.signal)).toEqual({ total: 0, limits: [] });
  });
});
