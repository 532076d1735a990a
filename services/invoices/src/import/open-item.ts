import { InvoiceIssuedData, moneyProblem, toMinorUnits } from '@dunning/contracts';
import type { z } from 'zod';

/** Columns of an open-items file; `openAmount` is optional (absent or empty: the whole amount is open). */
export const REQUIRED_COLUMNS = [
  'invoiceId',
  'customerId',
  'number',
  'currency',
  'amount',
  'issueDate',
  'dueDate',
] as const;
export const OPTIONAL_COLUMNS = ['openAmount'] as const;

export interface OpenItem {
  line: number;
  invoice: InvoiceIssuedData;
  amountMinor: bigint;
  openMinor: bigint;
}

export interface RejectedLine {
  line: number;
  invoiceId: string | undefined;
  reason: string;
}

/** Where each column sits in the file, from its header; throws when the header is not usable. */
export function columnPositions(header: string[]): Map<string, number> {
  const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
  const positions = new Map<string, number>();
  header.forEach((name, index) => {
    const column = name.trim();
    if (!known.has(column)) throw new Error(`unknown column "${column}" in the header`);
    if (positions.has(column)) throw new Error(`column "${column}" appears twice in the header`);
    positions.set(column, index);
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !positions.has(column));
  if (missing.length > 0) throw new Error(`the header lacks the columns ${missing.join(', ')}`);
  return positions;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; ');
}

/**
 * Checks one CSV record with the same contract as POST /v1/invoices (InvoiceIssuedData), plus the
 * open amount: greater than 0 and not above the amount.
 */
export function toOpenItem(
  record: string[],
  line: number,
  positions: Map<string, number>,
): OpenItem | RejectedLine {
  const field = (column: string) => {
    const index = positions.get(column);
    return index === undefined ? undefined : record[index];
  };
  const invoiceId = field('invoiceId')?.slice(0, 100) || undefined;
  if (record.length !== positions.size) {
    return { line, invoiceId, reason: `expected ${positions.size} columns, found ${record.length}` };
  }
  const parsed = InvoiceIssuedData.safeParse(
    Object.fromEntries(REQUIRED_COLUMNS.map((column) => [column, field(column)])),
  );
  if (!parsed.success) return { line, invoiceId, reason: describeIssues(parsed.error) };
  const invoice = parsed.data;
  const amountMinor = toMinorUnits(invoice.amount, invoice.currency);
  const openAmount = field('openAmount');
  if (openAmount === undefined || openAmount === '')
    return { line, invoice, amountMinor, openMinor: amountMinor };
  const problem = moneyProblem(openAmount, invoice.currency, 'positive');
  if (problem !== undefined) return { line, invoiceId, reason: `openAmount: ${problem}` };
  const openMinor = toMinorUnits(openAmount, invoice.currency);
  if (openMinor > amountMinor) return { line, invoiceId, reason: 'openAmount: must not exceed amount' };
  return { line, invoice, amountMinor, openMinor };
}
