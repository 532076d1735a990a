import { seededRandom } from '@dunning/testing/seeded-random';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compactDeliveryCountChanges,
  type DeliveryCountRow,
  deliveryCounts,
} from '../src/db/reports.queries.ts';
import { notificationsUnderTest } from './support/notifications-under-test.ts';

/*
 * The deliveries report reads kept counts per requested hour and the log not yet folded into them
 * (migration 006), and the deliveries themselves for the partial hours at either end. On random
 * deliveries (requested on, just before and just after hour boundaries; added in batches; their status
 * changed one by one and many at a time; some deleted), it must equal counting every delivery, for
 * periods within an hour, across one boundary, over many hours and on exact boundaries, before and after
 * the log is folded.
 */
const HOUR = 3_600_000;
const START = Date.parse('2026-11-01T00:00:00Z');
const CHANNELS = ['email', 'sms', 'letter'];
const STATUSES = ['pending', 'sending', 'sent', 'failed', 'dropped'];

describe('the deliveries report’s kept counts (migration 006)', () => {
  const platform = notificationsUnderTest();
  let pool: pg.Pool;
  const random = seededRandom(20261206);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  // On the hour, a millisecond either side, or inside it.
  const instant = (hours: number) =>
    new Date(START + Math.floor(random() * hours) * HOUR + pick([0, -1, 1, 1_234_567]));

  const reference = async (from: Date, to: Date): Promise<DeliveryCountRow[]> =>
    (
      await pool.query<DeliveryCountRow>({
        text: `SELECT channel, CASE status WHEN 'sending' THEN 'pending' ELSE status END AS status,
                      count(*)::int AS count
               FROM deliveries WHERE requested_at >= $1 AND requested_at < $2 GROUP BY 1, 2 ORDER BY 1, 2`,
        values: [from, to],
      })
    ).rows;

  const periods = () => {
    const list: [Date, Date][] = [];
    for (let i = 0; i < 30; i++) {
      const from = instant(80);
      list.push([from, new Date(from.getTime() + pick([1, 1_000, HOUR / 2, HOUR, 3 * HOUR + 7, 40 * HOUR]))]);
    }
    list.push([new Date(START), new Date(START + 72 * HOUR)]);
    list.push([new Date(START + HOUR), new Date(START + 2 * HOUR)]);
    list.push([new Date(START + HOUR - 1), new Date(START + 2 * HOUR + 1)]);
    return list;
  };

  async function expectSameAsEveryDelivery() {
    let counted = 0;
    for (const [from, to] of periods()) {
      const expected = await reference(from, to);
      expect(await deliveryCounts(pool, from, to), `${from.toISOString()}–${to.toISOString()}`).toEqual(
        expected,
      );
      counted += expected.reduce((sum, row) => sum + row.count, 0);
    }
    // The periods must find deliveries, or the check proves nothing.
    expect(counted).toBeGreaterThan(200);
  }

  let serial = 0;
  async function addDeliveries(count: number) {
    const rows = Array.from({ length: count }, () => ({
      id: `dc-${serial++}`,
      channel: pick(CHANNELS),
      status: pick(STATUSES),
      at: instant(80).toISOString(),
    }));
    await pool.query({
      text: `INSERT INTO deliveries (delivery_id, action_id, channel, customer_id, invoice_ids, step, template_key,
               action, status, requested_at)
             SELECT r.id, r.id, r.channel, 'c-counts', ARRAY['i-counts'], 'reminder', 'reminder', '{}', r.status, r.at
             FROM jsonb_to_recordset($1::jsonb) AS r (id text, channel text, status text, at timestamptz)`,
      values: [JSON.stringify(rows)],
    });
  }

  beforeAll(async () => {
    await platform.start();
    pool = platform.pool();
    for (let i = 0; i < 6; i++) await addDeliveries(60);
  });
  afterAll(async () => {
    await platform.close();
  });

  it('equals counting every delivery as they are added', async () => {
    await expectSameAsEveryDelivery();
  });

  it('stays equal as statuses change, one by one and many at a time, and deliveries go', async () => {
    for (let i = 0; i < 40; i++)
      await pool.query(`UPDATE deliveries SET status = $2 WHERE delivery_id = $1`, [
        `dc-${Math.floor(random() * serial)}`,
        pick(STATUSES),
      ]);
    await pool.query(
      `UPDATE deliveries SET status = 'sent' WHERE delivery_id LIKE 'dc-%' AND status = 'sending'`,
    );
    await pool.query(
      `UPDATE deliveries SET failure_reason = 'no change of status' WHERE delivery_id LIKE 'dc-1%'`,
    );
    await pool.query(`DELETE FROM deliveries WHERE delivery_id IN ('dc-3', 'dc-30', 'dc-300')`);
    await expectSameAsEveryDelivery();
  });

  it('stays equal once the log is folded into the counts, in batches, and the log is empty then', async () => {
    expect(await compactDeliveryCountChanges(pool, 25)).toBe(25);
    await expectSameAsEveryDelivery();
    while ((await compactDeliveryCountChanges(pool, 25)) === 25);
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM delivery_count_changes');
    expect(rows[0]?.n).toBe(0);
    await expectSameAsEveryDelivery();
  });
});
