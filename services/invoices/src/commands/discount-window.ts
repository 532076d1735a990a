import { isCompressed } from '@dunning/contracts';
import type pg from 'pg';
import { type PostingInvoice, reducedBefore } from '../db/invoices.queries.ts';
import type { DiscountableItem } from '../domain/allocate-with-discounts.ts';
import { discountWindowEnd, payableNow } from '../domain/early-payment-discount.ts';
import type { CommandContext } from './command-context.ts';

/**
 * What settles each invoice when money arrives at `receivedAt`: with its early-payment discount
 * while the window is open. With compressed days the ledger's clock says when money came (as for
 * days late), and everything booked before now was booked inside an open window.
 */
export async function discountableItems(
  tx: pg.PoolClient,
  context: CommandContext,
  items: readonly PostingInvoice[],
  receivedAt: Date,
): Promise<DiscountableItem[]> {
  const compressed = isCompressed(context.dayMs);
  const at = compressed ? context.now() : receivedAt;
  const result: DiscountableItem[] = [];
  for (const item of items) {
    let payableMinor = item.balanceMinor;
    if (item.discount !== undefined && item.balanceMinor > 0n) {
      const windowEnd = discountWindowEnd({ ...item, terms: item.discount, dayMs: context.dayMs });
      const inWindow = at.getTime() < windowEnd.getTime();
      const covered = !inWindow
        ? 0n
        : compressed
          ? item.amountMinor - item.balanceMinor
          : await reducedBefore(tx, item.invoiceId, windowEnd);
      payableMinor = payableNow({
        amountMinor: item.amountMinor,
        balanceMinor: item.balanceMinor,
        terms: item.discount,
        inWindow,
        coveredInWindowMinor: covered,
      });
    }
    result.push({ id: item.invoiceId, balanceMinor: item.balanceMinor, payableMinor });
  }
  return result;
}
