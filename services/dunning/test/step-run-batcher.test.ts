import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../src/commands/run-due-steps.ts';
import { createStepRunBatcher } from '../src/jobs/step-run-batcher.ts';

/** A stand-in for the database transaction: records each batch, resolves when told. */
function recordingRunner(fail: (ids: string[]) => boolean = () => false) {
  const batches: string[][] = [];
  const run = async (ids: string[]) => {
    batches.push(ids);
    await new Promise((r) => setTimeout(r, 5));
    if (fail(ids)) throw new Error(`batch of ${ids.length} failed`);
    return new Map<string, RunOutcome>(ids.map((id) => [id, { status: 'ran' }]));
  };
  return { batches, run };
}

describe('step run batcher', () => {
  it('runs a lone step at once, in a batch of one', async () => {
    const runner = recordingRunner();
    const batcher = createStepRunBatcher(runner.run, { maxBatch: 100, parallel: 2 });
    await expect(batcher.run('s1')).resolves.toEqual({ status: 'ran' });
    expect(runner.batches).toEqual([['s1']]);
  });

  it('gathers steps firing together into batches no larger than maxBatch', async () => {
    const runner = recordingRunner();
    const batcher = createStepRunBatcher(runner.run, { maxBatch: 50, parallel: 1 });
    const ids = Array.from({ length: 420 }, (_, i) => `s${i}`);
    const outcomes = await Promise.all(ids.map((id) => batcher.run(id)));
    expect(outcomes.every((o) => o.status === 'ran')).toBe(true);
    expect(runner.batches.flat().sort()).toEqual([...ids].sort());
    expect(Math.max(...runner.batches.map((b) => b.length))).toBe(50);
    expect(runner.batches.length).toBe(Math.ceil(420 / 50));
  });

  it('runs at most `parallel` batches at a time; later arrivals form the next batch', async () => {
    let running = 0;
    let peak = 0;
    const batches: string[][] = [];
    const batcher = createStepRunBatcher(
      async (ids) => {
        batches.push(ids);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 10));
        running -= 1;
        return new Map(ids.map((id) => [id, { status: 'ran' } as RunOutcome]));
      },
      { maxBatch: 1_000, parallel: 2, lingerMs: 0 },
    );
    const first = [batcher.run('a')];
    await new Promise((r) => setImmediate(r));
    const second = [batcher.run('b')];
    await new Promise((r) => setImmediate(r));
    const rest = ['c', 'd', 'e'].map((id) => batcher.run(id));
    await Promise.all([...first, ...second, ...rest]);
    expect(peak).toBe(2);
    expect(batches).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
  });

  it('while a batch runs, lets a small next batch wait up to lingerMs for company', async () => {
    const batches: string[][] = [];
    const batcher = createStepRunBatcher(
      async (ids) => {
        batches.push(ids);
        // long enough for the later steps to arrive while this batch runs, even on a loaded machine
        await new Promise((r) => setTimeout(r, 400));
        return new Map(ids.map((id) => [id, { status: 'ran' } as RunOutcome]));
      },
      { maxBatch: 100, parallel: 4, lingerMs: 5_000 },
    );
    const first = batcher.run('a');
    await new Promise((r) => setImmediate(r));
    const later: Promise<RunOutcome>[] = [];
    for (const id of ['b', 'c', 'd']) {
      later.push(batcher.run(id));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all([first, ...later]);
    // without lingering, b would have started alone in a free slot; with it, the three share a batch
    // that starts as soon as the running one ends (not after the whole linger)
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('asks once for a step requested twice, and answers both', async () => {
    const runner = recordingRunner();
    const batcher = createStepRunBatcher(runner.run, { maxBatch: 10, parallel: 1 });
    const [a, b] = await Promise.all([batcher.run('s1'), batcher.run('s1')]);
    expect([a, b]).toEqual([{ status: 'ran' }, { status: 'ran' }]);
    expect(runner.batches).toEqual([['s1']]);
  });

  it('isolates a failing step by splitting the batch: the others still run', async () => {
    const runner = recordingRunner((ids) => ids.includes('bad'));
    const batcher = createStepRunBatcher(runner.run, { maxBatch: 100, parallel: 1 });
    const ids = ['s1', 's2', 'bad', 's3', 's4', 's5', 's6', 's7'];
    const results = await Promise.allSettled(ids.map((id) => batcher.run(id)));
    const rejected = ids.filter((_, i) => results[i]!.status === 'rejected');
    expect(rejected).toEqual(['bad']);
    const ranOk = runner.batches.filter((b) => !b.includes('bad')).flat();
    expect(ranOk.sort()).toEqual(ids.filter((id) => id !== 'bad').sort());
    // halving: 8 -> 4 -> 2 -> 1 failing batches, not one transaction per step
    expect(runner.batches.filter((b) => b.includes('bad')).map((b) => b.length)).toEqual([8, 4, 2, 1]);
  });

  it('rejects a step the runner gave no outcome for', async () => {
    const batcher = createStepRunBatcher(async () => new Map(), { maxBatch: 10, parallel: 1 });
    await expect(batcher.run('s1')).rejects.toThrow('no outcome for step s1');
  });
});
