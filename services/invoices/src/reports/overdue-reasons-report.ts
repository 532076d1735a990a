import { formatMinorUnits, OverdueReason } from '@dunning/contracts';
import { z } from 'zod';
import type { OverdueReasonRow } from '../db/insight-reports.queries.ts';

const Amount = z.string().meta({ description: 'Decimal string in the currency' });
const Outcomes = z.object({
  paid: z.int().meta({ description: 'Settled, the last reduction a payment (or an early-payment discount)' }),
  credited: z.int().meta({ description: 'Settled by a credit note, a dispute adjustment or a cancellation' }),
  writtenOff: z.int(),
  open: z.int().meta({ description: 'Still owing something now' }),
});

export const OverdueReasonsReportView = z.object({
  from: z.string(),
  to: z.string(),
  reasons: z.array(
    z.object({
      reason: OverdueReason,
      invoices: z.int(),
      customers: z.int().meta({ description: 'Distinct customers, across currencies' }),
      outcomes: Outcomes,
      currencies: z.array(
        z.object({
          currency: z.string(),
          invoices: z.int(),
          customers: z.int(),
          amount: Amount.meta({ description: "The invoices' issued amounts" }),
          open: Amount.meta({ description: 'What they still owe now' }),
          outcomes: Outcomes,
        }),
      ),
    }),
  ),
});
export type OverdueReasonsReportView = z.infer<typeof OverdueReasonsReportView>;

const outcomesOf = (row: OverdueReasonRow) => ({
  paid: row.paid,
  credited: row.credited,
  writtenOff: row.written_off,
  open: row.still_open,
});

/** Rows come per reason: first its line across currencies (currency null), then one per currency. */
export function toOverdueReasonsReport(
  from: string,
  to: string,
  rows: OverdueReasonRow[],
): OverdueReasonsReportView {
  const byReason = Map.groupBy(rows, (row) => row.reason);
  return {
    from,
    to,
    reasons: [...byReason].map(([reason, own]) => {
      const all = own.find((row) => row.currency === null);
      if (!all) throw new Error(`overdue reason ${reason} has no total line`);
      return {
        reason: OverdueReason.parse(reason),
        invoices: all.invoices,
        customers: all.customers,
        outcomes: outcomesOf(all),
        currencies: own
          .filter((row): row is OverdueReasonRow & { currency: string } => row.currency !== null)
          .map((row) => ({
            currency: row.currency,
            invoices: row.invoices,
            customers: row.customers,
            amount: formatMinorUnits(BigInt(row.amount_minor), row.currency),
            open: formatMinorUnits(BigInt(row.open_minor), row.currency),
            outcomes: outcomesOf(row),
          })),
      };
    }),
  };
}

export function overdueReasonsCsv(view: OverdueReasonsReportView) {
  const header = [
    'from',
    'to',
    'reason',
    'currency',
    'invoices',
    'customers',
    'amount',
    'open',
    'paid',
    'credited',
    'writtenOff',
    'stillOpen',
  ];
  const rows = view.reasons.flatMap((reason) =>
    reason.currencies.map((c) => [
      view.from,
      view.to,
      reason.reason,
      c.currency,
      c.invoices,
      c.customers,
      c.amount,
      c.open,
      c.outcomes.paid,
      c.outcomes.credited,
      c.outcomes.writtenOff,
      c.outcomes.open,
    ]),
  );
  return { header, rows };
}
