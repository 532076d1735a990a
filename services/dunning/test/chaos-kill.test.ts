import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@dunning/testing';
import { stopProcess } from '@dunning/testing/stop-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DunningUnderTest,
  dunningUnderTest,
  ladderFinished,
  noticeCounts,
} from './support/dunning-under-test.ts';
import { issued } from './support/ledger-feed.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('chaos: kill -9 of the dunning service mid-run', () => {
  let run: DunningUnderTest;
  const children: ChildProcess[] = [];

  function spawnDunning(): ChildProcess {
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, ...run.env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    run = await dunningUnderTest();
  });
  afterAll(async () => {
    for (const child of children) await stopProcess(child);
    await run?.close();
  });

  it('every step runs exactly once across the crash', async () => {
    const first = spawnDunning();
    await waitFor(
      async () => (await run.pool.query("SELECT to_regclass('dunning_steps') IS NOT NULL AS ok")).rows[0]?.ok,
      {
        what: 'the service to migrate',
      },
    );
    const start = Date.now() + 1_500;
    // Twelve invoices whose ladders are staggered by a third of a day, so steps fall due all the time.
    const invoices = Array.from({ length: 12 }, (_, i) => `k${i}`);
    await run.feed.publish(invoices.map((id, i) => issued(`ck-${i % 6}`, id, new Date(start + i * 33))));
    await waitFor(
      async () =>
        Number(
          (await run.pool.query("SELECT count(*) AS n FROM dunning_steps WHERE status = 'done'")).rows[0].n,
        ) >= 20,
      { what: 'the ladders to be under way' },
    );
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const doneAtCrash = Number(
      (await run.pool.query("SELECT count(*) AS n FROM dunning_steps WHERE status = 'done'")).rows[0].n,
    );
    expect(doneAtCrash).toBeLessThan(invoices.length * 4);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // down for ten days of DAY_MS
    spawnDunning();
    const all = await Promise.all(invoices.map((id) => ladderFinished(run.pool, id, 40_000)));
    for (const steps of all) expect(steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
    // Every invoice is notified at each level 1-4 once. A notice that consolidates a customer's steps
    // due the same day goes at the highest level on that step's channels, so the channels of a lower
    // step consolidated into it (a reminder's SMS) are not asked for.
    const counts = await waitFor(
      () => {
        const c = noticeCounts(run.feed, invoices, 'level');
        const levels = new Set([...c.keys()].map((key) => key.split('/').slice(0, 2).join('/')));
        return levels.size === invoices.length * 4 && c;
      },
      { timeoutMs: 20_000, what: 'every invoice notified at levels 1 to 4' },
    );
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
  });
});
