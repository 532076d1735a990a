export interface OpenItem {
  id: string;
  balanceMinor: bigint;
}

export interface Allocation {
  applications: { id: string; amountMinor: bigint }[];
  leftoverMinor: bigint;
}

/**
 * Spreads `amountMinor` over open items in the order given (oldest first), each up to its balance;
 * what no item can take is left over (it becomes customer credit).
 */
export function allocateOldestFirst(amountMinor: bigint, items: readonly OpenItem[]): Allocation {
  if (amountMinor < 0n) throw new RangeError('amount to allocate must not be negative');
  const applications: Allocation['applications'] = [];
  let left = amountMinor;
  for (const item of items) {
    if (left === 0n) break;
    if (item.balanceMinor <= 0n) continue;
    const applied = item.balanceMinor < left ? item.balanceMinor : left;
    applications.push({ id: item.id, amountMinor: applied });
    left -= applied;
  }
  return { applications, leftoverMinor: left };
}
