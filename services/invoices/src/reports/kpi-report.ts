import { formatMinorUnits } from '@dunning/contracts';
import { z } from 'zod';
import type { KpiRow } from '../db/reports.queries.ts';

const Amount = z.string().meta({ description: 'Decimal string in the currency' });
const Ratio = (description: string) =>
  z
    .string()
    .nullable()
    .meta({ description: `${description} Decimal string with 4 decimals; null when its denominator is 0.` });

export const KpiReportView = z.object({
  from: z.string(),
  to: z.string(),
  currencies: z.array(
    z.object({
      currency: z.string(),
      days: z.int().meta({ description: 'Days in the period: to − from + 1' }),
      openingReceivables: Amount.meta({
        description: 'Opening AR: open balances as of the day before `from` (the aging total)',
      }),
      closingReceivables: Amount.meta({
        description: 'Closing AR: open balances as of `to` (the aging total)',
      }),
      closingCurrent: Amount.meta({ description: 'Part of closing AR not yet past due at `to`' }),
      closingOverdue: Amount.meta({
        description: 'Part of closing AR past due at `to` (due date before `to`)',
      }),
      creditSales: Amount.meta({
        description: 'Amounts of the invoices issued in the period, except those cancelled by its end',
      }),
      writtenOff: Amount.meta({ description: 'Write-off entries that occurred in the period' }),
      cancelled: Amount.meta({
        description:
          'Balances of invoices issued before the period that were cancelled in it (taken out of CEI: not collected)',
      }),
      discountsTaken: Amount.meta({
        description: 'Early-payment discount entries that occurred in the period',
      }),
      dso: Ratio('Days sales outstanding = closing AR / credit sales × days.'),
      arTurnover: Ratio('AR turnover = credit sales / ((opening AR + closing AR) / 2).'),
      overdueRatio: Ratio('Overdue ratio = closing overdue / closing AR (0 to 1).'),
      cei: Ratio(
        'Collection effectiveness index = (opening AR + credit sales − cancelled − closing AR) / ' +
          '(opening AR + credit sales − cancelled − closing current) × 100.',
      ),
      badDebtRate: Ratio('Bad-debt loss rate = written off / (opening AR + credit sales) (0 to 1).'),
      settledInvoices: z.int().meta({
        description:
          'Invoices settled in the period: balance 0 or less at `to`, not written off or cancelled, last payment in the period',
      }),
      averageDaysLate: Ratio(
        'Mean of the settled invoices’ days late (last payment date in the customer’s zone − due date, 0 if on time).',
      ),
      averageDaysLateWeighted: Ratio('The same days late weighted by each settled invoice’s amount.'),
    }),
  ),
});
export type KpiReportView = z.infer<typeof KpiReportView>;

export function toKpiReport(from: string, to: string, rows: KpiRow[]): KpiReportView {
  return {
    from,
    to,
    currencies: rows.map((row) => {
      const money = (minor: string | bigint) => formatMinorUnits(BigInt(minor), row.currency);
      return {
        currency: row.currency,
        days: row.days,
        openingReceivables: money(row.opening_minor),
        closingReceivables: money(row.closing_minor),
        closingCurrent: money(row.closing_current_minor),
        closingOverdue: money(BigInt(row.closing_minor) - BigInt(row.closing_current_minor)),
        creditSales: money(row.credit_sales_minor),
        writtenOff: money(row.written_off_minor),
        cancelled: money(row.cancelled_minor),
        discountsTaken: money(row.discounts_minor),
        dso: row.dso,
        arTurnover: row.ar_turnover,
        overdueRatio: row.overdue_ratio,
        cei: row.cei,
        badDebtRate: row.bad_debt_rate,
        settledInvoices: row.settled_count,
        averageDaysLate: row.days_late_simple,
        averageDaysLateWeighted: row.days_late_weighted,
      };
    }),
  };
}

/** One line per currency with every figure of the view. */
export function kpiCsv(view: KpiReportView) {
  const header = [
    'from',
    'to',
    'currency',
    'days',
    'openingReceivables',
    'closingReceivables',
    'closingCurrent',
    'closingOverdue',
    'creditSales',
    'writtenOff',
    'cancelled',
    'discountsTaken',
    'dso',
    'arTurnover',
    'overdueRatio',
    'cei',
    'badDebtRate',
    'settledInvoices',
    'averageDaysLate',
    'averageDaysLateWeighted',
  ];
  const rows = view.currencies.map((c) => [
    view.from,
    view.to,
    c.currency,
    c.days,
    c.openingReceivables,
    c.closingReceivables,
    c.closingCurrent,
    c.closingOverdue,
    c.creditSales,
    c.writtenOff,
    c.cancelled,
    c.discountsTaken,
    c.dso,
    c.arTurnover,
    c.overdueRatio,
    c.cei,
    c.badDebtRate,
    c.settledInvoices,
    c.averageDaysLate,
    c.averageDaysLateWeighted,
  ]);
  return { header, rows };
}
