import { seededRandom } from '@dunning/testing/seeded-random';
import type pg from 'pg';

// A random ledger for comparing the reports' fast paths with the full sum (EUR, USD, JPY with 0
// decimals, KWD with 3; customers in five zones; entries exactly at, just before and just after local
// midnights and month ends; backdated entries written after later ones; overpayments; imported payments).
export const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York'];
const CUSTOMER_ZONES = ['UTC', 'Asia/Tokyo', 'Asia/Kuwait', 'America/New_York', 'Asia/Kolkata'];
const CURRENCIES = ['EUR', 'USD', 'JPY', 'KWD'];
const KINDS = ['payment', 'payment', 'payment', 'credit', 'write-off', 'cancellation', 'discount'];

/** A seeded ledger writer; `seed` writes the same ledger for the same number. */
export function randomLedger(seedNumber: number) {
  const random = seededRandom(seedNumber);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const day = (base: string, offset: number) =>
    new Date(Date.parse(`${base}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

  /** An instant near a day's boundary in some zone: midnight there, one second either side, or midday. */
  function instantNear(date: string): string {
    const zone = pick([...ZONES, ...CUSTOMER_ZONES]);
    const offsetSeconds = pick([-1, 0, 1, 43_200]);
    return `(${`'${date}'::date::timestamp + interval '${offsetSeconds} seconds'`}) AT TIME ZONE '${zone}'`;
  }

  interface Entry {
    invoiceId: string;
    kind: string;
    amountMinor: bigint;
    source: string;
    at: string;
  }

  function generate() {
    const invoices: {
      id: string;
      customerId: string;
      currency: string;
      amount: bigint;
      issue: string;
      due: string;
    }[] = [];
    const entries: Entry[] = [];
    for (let n = 0; n < 160; n++) {
      const currency = pick(CURRENCIES);
      const customerId = `C${between(1, 12)}`;
      // Month ends and the leap day are favoured as issue and due dates.
      const issue = pick([
        day('2027-09-01', between(0, 200)),
        '2027-10-31',
        '2027-11-30',
        '2028-01-31',
        '2028-02-29',
      ]);
      const due = day(issue, pick([0, 29, 30, 31, 60, 61, 90, 91, 180, 181]));
      const amount = BigInt(between(1, 5_000_000));
      const id = `R${n}`;
      invoices.push({ id, customerId, currency, amount, issue, due });
      let left = amount;
      for (let k = between(0, 3); k > 0; k--) {
        const kind = pick(KINDS);
        // Sometimes more than is owed: an overpayment leaves a negative balance.
        const share = random() < 0.1 ? left + BigInt(between(1, 1000)) : left / BigInt(between(1, 3));
        const minor = kind === 'write-off' || kind === 'cancellation' ? left : share;
        if (minor <= 0n) continue;
        left -= minor;
        entries.push({
          invoiceId: id,
          kind,
          amountMinor: -minor,
          source: kind === 'payment' && random() < 0.2 ? 'import' : 'test',
          at: instantNear(
            pick([day(issue, between(0, 150)), '2027-12-31', '2028-02-29', '2028-01-01', '2028-03-01']),
          ),
        });
      }
    }
    return { invoices, entries };
  }

  async function seed(pool: pg.Pool) {
    const { invoices, entries } = generate();
    await pool.query({
      text: `INSERT INTO customers (customer_id, profile)
             SELECT 'C' || n, jsonb_build_object('timezone', ($1::text[])[1 + n % 5]) FROM generate_series(1, 12) AS n`,
      values: [CUSTOMER_ZONES],
    });
    await pool.query({
      text: `INSERT INTO customer_risk_classes (customer_id, risk_class, assessed_at)
             SELECT 'C' || n, (ARRAY['A', 'B', 'C'])[1 + n % 3], '2027-12-15T00:00:00Z' FROM generate_series(1, 8) AS n`,
    });
    // One statement for the invoices with their issue entries, as the ledger writes them.
    await pool.query({
      text: `INSERT INTO invoices (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date,
                                   overdue_at, request)
             SELECT id, c, id, cur, a, i, d, (d + 1)::timestamp AT TIME ZONE 'UTC', '{}'
             FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::date[], $6::date[]) AS x (id, c, cur, a, i, d)`,
      values: [
        invoices.map((i) => i.id),
        invoices.map((i) => i.customerId),
        invoices.map((i) => i.currency),
        invoices.map((i) => i.amount.toString()),
        invoices.map((i) => i.issue),
        invoices.map((i) => i.due),
      ],
    });
    await pool.query(`INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
                      SELECT invoice_id, 'issue', amount_minor, invoice_id, 'test',
                             issue_date::timestamp AT TIME ZONE 'Asia/Tokyo' FROM invoices`);
    // The rest in several statements, in random order: backdated entries land after later ones.
    const shuffled = entries.map((entry) => ({ entry, key: random() })).sort((a, b) => a.key - b.key);
    for (let start = 0; start < shuffled.length; start += 25) {
      const batch = shuffled
        .slice(start, start + 25)
        .map(({ entry }, index) => ({ ...entry, index: start + index }));
      await pool.query(`INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
                        VALUES ${batch
                          .map(
                            (e) =>
                              `('${e.invoiceId}', '${e.kind}', ${e.amountMinor}, 'E${e.index}', '${e.source}', ${e.at})`,
                          )
                          .join(', ')}`);
    }
  }

  return { seed, random, between, pick, day, instantNear };
}
