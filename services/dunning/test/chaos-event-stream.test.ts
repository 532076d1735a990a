import type { KnownEvent } from '@dunning/contracts';
import { seededRandom, seededShuffle, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DunningUnderTest,
  dunningUnderTest,
  ladderFinished,
  noticeCounts,
  stepsOf,
} from './support/dunning-under-test.ts';
import { disputeOpened, disputeResolved, issued, riskChanged, settled } from './support/ledger-feed.ts';

describe('chaos: a doubled and reordered event stream', () => {
  let run: DunningUnderTest;

  beforeAll(async () => {
    run = await dunningUnderTest();
    await run.start();
  });
  afterAll(async () => {
    await run?.close();
  });

  it('ends with every step run exactly once, and nothing for a settled invoice', async () => {
    const overdueAt = new Date(Date.now() + 1_500);
    // The class change travels on its own topic and consumer; under a loaded CI machine it can take
    // seconds to apply, so the risky invoice falls due later, leaving it time to arrive mid-ladder.
    const riskyOverdueAt = new Date(Date.now() + 8_000);
    const events: KnownEvent[] = [
      issued('cs-1', 's-plain', overdueAt),
      issued('cs-2', 's-disputed', overdueAt),
      disputeOpened('cs-2', 's-disputed', 'sd-1'),
      disputeResolved('cs-2', 's-disputed', 'sd-1'),
      issued('cs-3', 's-settled', overdueAt),
      settled('cs-3', 's-settled'),
      riskChanged('cs-4', 'C', 'B'),
      issued('cs-4', 's-risky', riskyOverdueAt),
    ];
    // Every event twice, in a shuffled order: a settlement or a dispute resolution may come first.
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000);
    const stream = seededShuffle([...events, ...events], seededRandom(seed));
    await run.feed.publish(stream);

    const plain = await ladderFinished(run.pool, 's-plain');
    expect(
      plain.map((s) => s.status),
      `seed ${seed}`,
    ).toEqual(['done', 'done', 'done', 'done']);
    const disputed = await ladderFinished(run.pool, 's-disputed');
    expect(
      disputed.map((s) => s.status),
      `seed ${seed}`,
    ).toEqual(['done', 'done', 'done', 'done']);
    const risky = await ladderFinished(run.pool, 's-risky');
    // The class travels on another topic than the invoice, so it may be applied before the invoice is
    // planned (high-risk from the start) or after (re-planned): either way every step that ran belongs to
    // the policy in force when it ran, and each ran once.
    const classAppliedAt = (
      await run.pool.query<{ at: Date }>(
        "SELECT min(at) AS at FROM case_timeline WHERE invoice_id = 's-risky' AND (kind = 're-planned' OR (kind = 'opened' AND detail->>'riskClass' = 'C'))",
      )
    ).rows[0]!.at;
    expect(classAppliedAt, `seed ${seed}`).not.toBeNull();
    for (const step of risky.filter((s) => s.status === 'done')) {
      if (step.policy_id === 'standard')
        expect(step.executed_at!.getTime()).toBeLessThanOrEqual(classAppliedAt.getTime());
      else expect(step.policy_id).toBe('high-risk');
    }
    expect(
      risky.some((s) => s.policy_id === 'high-risk' && s.name === 'legal-letter' && s.status === 'done'),
    ).toBe(true);
    expect((await stepsOf(run.pool, 's-settled')).every((s) => s.status === 'cancelled')).toBe(true);

    // A step is done in PostgreSQL before its notice, relayed from the outbox, reaches the feed.
    const counts = await waitFor(
      () => {
        const c = noticeCounts(run.feed, ['s-plain', 's-disputed', 's-risky', 's-settled']);
        const of = (invoiceId: string) => [...c.keys()].filter((k) => k.startsWith(`${invoiceId}/`)).length;
        return of('s-plain') === 5 && of('s-disputed') === 5 && c.has('s-risky/legal-letter/letter') && c;
      },
      { timeoutMs: 20_000, what: 'the notices of the finished ladders' },
    );
    expect([...counts.keys()].filter((k) => k.startsWith('s-settled'))).toEqual([]);
    const riskyNotices = [...counts.keys()].filter((k) => k.startsWith('s-risky/'));
    expect(counts.size).toBe(5 + 5 + riskyNotices.length);
    expect(riskyNotices).toContain('s-risky/legal-letter/letter');
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('applies dispute events that arrived before their invoice', async () => {
    const overdueAt = new Date(Date.now() + 1_500);
    await run.feed.publish([
      // Resolved, then issued, then the opening: the case must not stay paused forever.
      disputeResolved('cs-5', 's-resolved-first', 'sd-5'),
      issued('cs-5', 's-resolved-first', overdueAt),
      disputeOpened('cs-5', 's-resolved-first', 'sd-5'),
      // Opened before the invoice and never resolved: nothing may be sent.
      disputeOpened('cs-6', 's-opened-first', 'sd-6'),
      issued('cs-6', 's-opened-first', overdueAt),
    ]);
    const resolvedFirst = await ladderFinished(run.pool, 's-resolved-first');
    expect(resolvedFirst.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
    const openedFirst = await stepsOf(run.pool, 's-opened-first');
    expect(openedFirst.length).toBeGreaterThan(0);
    expect(openedFirst.every((s) => s.status === 'scheduled')).toBe(true);
    const status = await run.pool.query<{ status: string }>(
      "SELECT status FROM dunning_cases WHERE invoice_id = 's-opened-first'",
    );
    expect(status.rows[0]?.status).toBe('paused');
  });
});
