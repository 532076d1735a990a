/** The platform's aging rule: 0 before overdueAt, then the first day after the due date is day 1. */
export function daysPastDue(at: Date, overdueAt: Date, dayMs: number): number {
  const t = at.getTime();
  const due = overdueAt.getTime();
  return t < due ? 0 : Math.floor((t - due) / dayMs) + 1;
}

/**
 * Days past due of an open invoice for risk: an invoice whose whole balance is under open dispute is
 * not overdue while the dispute is open (the customer contests it, dunning is frozen); one with an
 * undisputed remainder ages as usual.
 */
export function undisputedDaysPastDue(
  at: Date,
  invoice: { overdueAt: Date; undisputedMinor: bigint },
  dayMs: number,
): number {
  return invoice.undisputedMinor > 0n ? daysPastDue(at, invoice.overdueAt, dayMs) : 0;
}
