import { adminAuth, waitFor } from '@dunning/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { customerBody, invoiceBody, type PlatformUnderTest, platformUnderTest } from '../src/index.ts';

describe('the dunning consumer killed while invoices are being posted', () => {
  let platform: PlatformUnderTest;
  afterEach(() => platform.close());

  it('records every invoice exactly once after it restarts', async () => {
    platform = platformUnderTest();
    const invoices = await platform.startInvoices();
    const dunningDb = platform.pool('dunning');
    const cases = async () =>
      (
        await dunningDb.query<{ n: number }>('SELECT count(*)::int AS n FROM dunning_cases').catch(() => ({
          rows: [{ n: 0 }],
        }))
      ).rows[0]!.n;

    for (const customer of ['c-1', 'c-2', 'c-3']) {
      await invoices.app.inject({
        headers: adminAuth,
        method: 'PUT',
        url: `/v1/customers/${customer}`,
        payload: customerBody(),
      });
    }
    const total = 300;
    const post = async (i: number) => {
      const response = await invoices.app.inject({
        headers: adminAuth,
        method: 'POST',
        url: '/v1/invoices',
        payload: invoiceBody(`inv-${i}`, `c-${(i % 3) + 1}`, `${100 + i}.00`),
      });
      expect(response.statusCode).toBe(201);
    };

    let dunning = platform.spawnService('dunning');
    let posted = 0;
    const postRange = async (until: number) => {
      for (; posted < until; posted += 10) {
        await Promise.all(Array.from({ length: 10 }, (_, k) => post(posted + k)));
      }
    };
    await postRange(100);
    await waitFor(async () => (await cases()) > 0, { what: 'dunning to record its first cases' });

    // Mid-stream: no chance to commit offsets or finish a transaction.
    dunning.kill('SIGKILL');
    await new Promise((resolve) => dunning.once('exit', resolve));
    const recordedAtCrash = await cases();
    await postRange(total);
    expect(await cases()).toBe(recordedAtCrash);

    dunning = platform.spawnService('dunning');
    await waitFor(async () => (await cases()) === total, { what: `${total} cases`, timeoutMs: 60_000 });
    // The last invoice of each customer is in: every message before it on its partition, the ones
    // redelivered after the crash included, has been handled. Count what nothing keys: the case
    // timeline (a sequence) and the planned steps (random ids). An invoice applied twice would have
    // two openings and eight steps; one half-applied before the crash would have none.
    const perInvoice = await dunningDb.query<{
      invoice_id: string;
      opened: number;
      planned: number;
      steps: number;
    }>(
      `SELECT c.invoice_id,
              (SELECT count(*)::int FROM case_timeline t WHERE t.invoice_id = c.invoice_id AND t.kind = 'opened') AS opened,
              (SELECT count(*)::int FROM case_timeline t WHERE t.invoice_id = c.invoice_id AND t.kind = 'planned') AS planned,
              (SELECT count(*)::int FROM dunning_steps s WHERE s.invoice_id = c.invoice_id) AS steps
       FROM dunning_cases c`,
    );
    expect(perInvoice.rows).toHaveLength(total);
    // The standard ladder (class B: credit-risk does not run here) has four steps.
    expect(perInvoice.rows.filter((row) => row.opened !== 1 || row.planned !== 4 || row.steps !== 4)).toEqual(
      [],
    );
    const timeline = await dunningDb.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM case_timeline WHERE kind = 'opened'",
    );
    expect(timeline.rows[0]!.n).toBe(total);
  });
});
