import { formatMinorUnits } from '@dunning/contracts';
import { z } from 'zod';
import type { ProvisionBalanceRow, WriteOffRow } from '../db/insight-reports.queries.ts';
import { percentOf, ratio4 } from '../domain/report-math.ts';
import { addDays, type MonthPeriod } from '../domain/report-months.ts';
import { EXTENDED_BUCKETS } from './aging-buckets.ts';
import { PROVISION_CLASSES, type ProvisionMatrix } from './report-settings.ts';

const Amount = z.string().meta({ description: 'Decimal string in the currency' });
const Percent = z.string().meta({ description: 'Percentage, decimal string' });
const BucketLine = z.object({
  bucket: z.enum(EXTENDED_BUCKETS),
  count: z.int(),
  balance: Amount,
  rate: Percent,
  provision: Amount.meta({
    description: 'balance × rate / 100, rounded half away from zero to a minor unit',
  }),
});

export const ProvisionReportView = z.object({
  asOf: z.string(),
  matrix: z.record(z.string(), z.record(z.string(), z.string())).meta({
    description: 'The provision % per risk class and bucket in force (PROVISION_MATRIX)',
  }),
  currencies: z.array(
    z.object({
      currency: z.string(),
      balance: Amount.meta({ description: 'Open receivables as of asOf (the aging total)' }),
      provision: Amount,
      classes: z.array(
        z.object({
          riskClass: z.enum(PROVISION_CLASSES),
          balance: Amount,
          provision: Amount,
          buckets: z.array(BucketLine),
        }),
      ),
    }),
  ),
  trend: z.array(
    z.object({
      month: z.string(),
      from: z.string(),
      to: z.string().meta({ description: 'The month end, or asOf for its own month' }),
      currencies: z.array(
        z.object({
          currency: z.string(),
          provisionAtStart: Amount.meta({ description: 'The provision as of the day before `from`' }),
          provisionAtEnd: Amount.meta({ description: 'The provision as of `to`' }),
          writtenOff: Amount.meta({ description: 'Write-offs that occurred from `from` to `to`' }),
          coverage: z
            .string()
            .nullable()
            .meta({
              description:
                'Coverage ratio = provisionAtStart / writtenOff, 4 decimals; 1 or more: the provision made ' +
                'before the month covered its losses; null without write-offs',
            }),
        }),
      ),
    }),
  ),
});
export type ProvisionReportView = z.infer<typeof ProvisionReportView>;

type Tally = Map<string, bigint>;

/** Provision per currency as of one date: Σ over classes and buckets of balance × rate. */
function provisionByCurrency(rows: ProvisionBalanceRow[], matrix: ProvisionMatrix): Tally {
  const tally: Tally = new Map();
  for (const row of rows) {
    const rate =
      matrix[row.risk_class as keyof ProvisionMatrix][row.bucket as (typeof EXTENDED_BUCKETS)[number]];
    const provision = percentOf(BigInt(row.balance_minor), rate);
    tally.set(row.currency, (tally.get(row.currency) ?? 0n) + provision);
  }
  return tally;
}

export function toProvisionReport(
  asOf: string,
  matrix: ProvisionMatrix,
  balances: ProvisionBalanceRow[],
  months: MonthPeriod[],
  writeOffs: WriteOffRow[],
): ProvisionReportView {
  const byDate = Map.groupBy(balances, (row) => row.as_of);
  const current = byDate.get(asOf) ?? [];
  const currencies = [...Map.groupBy(current, (row) => row.currency)].map(([currency, own]) => {
    const money = (minor: bigint) => formatMinorUnits(minor, currency);
    let balance = 0n;
    let provision = 0n;
    const classes = PROVISION_CLASSES.flatMap((riskClass) => {
      const cells = own.filter((row) => row.risk_class === riskClass);
      if (cells.length === 0) return [];
      let classBalance = 0n;
      let classProvision = 0n;
      const buckets = EXTENDED_BUCKETS.map((bucket) => {
        const cell = cells.find((row) => row.bucket === bucket);
        const cellBalance = BigInt(cell?.balance_minor ?? '0');
        const rate = matrix[riskClass][bucket];
        const cellProvision = percentOf(cellBalance, rate);
        classBalance += cellBalance;
        classProvision += cellProvision;
        return {
          bucket,
          count: cell?.count ?? 0,
          balance: money(cellBalance),
          rate,
          provision: money(cellProvision),
        };
      });
      balance += classBalance;
      provision += classProvision;
      return [{ riskClass, balance: money(classBalance), provision: money(classProvision), buckets }];
    });
    return { currency, balance: money(balance), provision: money(provision), classes };
  });
  const writtenOff = new Map(
    writeOffs.map((row) => [`${row.month} ${row.currency}`, BigInt(row.written_off_minor)]),
  );
  const provisions = new Map([...byDate].map(([date, rows]) => [date, provisionByCurrency(rows, matrix)]));
  const trend = months.map((period) => {
    const atStart = provisions.get(addDays(period.from, -1)) ?? new Map<string, bigint>();
    const atEnd = provisions.get(period.to) ?? new Map<string, bigint>();
    const monthCurrencies = new Set([
      ...atStart.keys(),
      ...atEnd.keys(),
      ...writeOffs.filter((row) => row.month === period.month).map((row) => row.currency),
    ]);
    return {
      ...period,
      currencies: [...monthCurrencies].sort().map((currency) => {
        const start = atStart.get(currency) ?? 0n;
        const lost = writtenOff.get(`${period.month} ${currency}`) ?? 0n;
        return {
          currency,
          provisionAtStart: formatMinorUnits(start, currency),
          provisionAtEnd: formatMinorUnits(atEnd.get(currency) ?? 0n, currency),
          writtenOff: formatMinorUnits(lost, currency),
          coverage: ratio4(start, lost),
        };
      }),
    };
  });
  return { asOf, matrix, currencies, trend };
}

/** The matrix lines as of asOf (section `provision`), then the trend lines (section `trend`). */
export function provisionCsv(view: ProvisionReportView) {
  const header = [
    'section',
    'date',
    'currency',
    'riskClass',
    'bucket',
    'count',
    'balance',
    'rate',
    'provision',
    'provisionAtStart',
    'writtenOff',
    'coverage',
  ];
  const rows = [
    ...view.currencies.flatMap((c) =>
      c.classes.flatMap((k) =>
        k.buckets.map((b) => [
          'provision',
          view.asOf,
          c.currency,
          k.riskClass,
          b.bucket,
          b.count,
          b.balance,
          b.rate,
          b.provision,
          null,
          null,
          null,
        ]),
      ),
    ),
    ...view.trend.flatMap((m) =>
      m.currencies.map((c) => [
        'trend',
        m.month,
        c.currency,
        null,
        null,
        null,
        null,
        null,
        c.provisionAtEnd,
        c.provisionAtStart,
        c.writtenOff,
        c.coverage,
      ]),
    ),
  ];
  return { header, rows };
}
