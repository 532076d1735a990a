export interface OpenBalance {
  customerId: string;
  currency: string;
  openMinor: bigint;
}

export interface ConcentrationShare extends OpenBalance {
  /** The customer's share of all open receivables in the currency, 0..1 (4 decimals). */
  share: number;
  totalMinor: bigint;
}

/** Customers whose share of all open receivables in a currency is above `threshold`. */
export function concentratedCustomers(balances: OpenBalance[], threshold: number): ConcentrationShare[] {
  const totals = new Map<string, bigint>();
  for (const balance of balances) {
    if (balance.openMinor <= 0n) continue;
    totals.set(balance.currency, (totals.get(balance.currency) ?? 0n) + balance.openMinor);
  }
  const flagged: ConcentrationShare[] = [];
  for (const balance of balances) {
    const totalMinor = totals.get(balance.currency);
    if (totalMinor === undefined || balance.openMinor <= 0n) continue;
    const share = Number((balance.openMinor * 10_000n) / totalMinor) / 10_000;
    if (share > threshold) flagged.push({ ...balance, share, totalMinor });
  }
  return flagged.sort((a, b) => b.share - a.share || a.customerId.localeCompare(b.customerId));
}
