import { allocateOldestFirst } from './allocate-oldest-first.ts';

export interface DiscountableItem {
  id: string;
  balanceMinor: bigint;
  /** What settles it now (its balance, or less inside a discount window): see payableNow. */
  payableMinor: bigint;
}

export interface DiscountedAllocation {
  applications: { id: string; amountMinor: bigint; discountMinor: bigint }[];
  leftoverMinor: bigint;
}

/**
 * Oldest first in two passes: first each item up to what settles it now (so one payment can take
 * the discount on every invoice it covers), then what is left up to the full balances, oldest first,
 * before anything becomes customer credit. An item whose payable part is covered while its balance
 * is not gets the rest as its discount.
 */
export function allocateWithDiscounts(
  amountMinor: bigint,
  items: readonly DiscountableItem[],
): DiscountedAllocation {
  const first = allocateOldestFirst(
    amountMinor,
    items.map((item) => ({ id: item.id, balanceMinor: item.payableMinor })),
  );
  const applied = new Map(first.applications.map((a) => [a.id, a.amountMinor]));
  const second = allocateOldestFirst(
    first.leftoverMinor,
    items.map((item) => ({ id: item.id, balanceMinor: item.balanceMinor - (applied.get(item.id) ?? 0n) })),
  );
  for (const { id, amountMinor: more } of second.applications)
    applied.set(id, (applied.get(id) ?? 0n) + more);
  const applications: DiscountedAllocation['applications'] = [];
  for (const item of items) {
    const amount = applied.get(item.id);
    if (amount === undefined || amount === 0n) continue;
    const takesDiscount = item.payableMinor < item.balanceMinor && amount >= item.payableMinor;
    applications.push({
      id: item.id,
      amountMinor: amount,
      discountMinor: takesDiscount ? item.balanceMinor - amount : 0n,
    });
  }
  return { applications, leftoverMinor: second.leftoverMinor };
}
