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
    const duplicates = await dunningDb.query(
      'SELECT invoice_id FROM dunning_cases GROUP BY invoice_id HAVING count(*) > 1',
    );
    expect(duplicates.rows).toEqual([]);
    const processed = await dunningDb.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM processed_events WHERE consumer LIKE '%dunning.ledger-events'",
    );
    // 300 invoices + 3 customers, each applied once.
    expect(processed.rows[0]!.n).toBe(total + 3);
  });
});
