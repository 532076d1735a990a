/** The platform's aging rule: 0 before overdueAt, then the first day after the due date is day 1. */
export function daysPastDue(at: Date, overdueAt: Date, dayMs: number): number {
  const t = at.getTime();
  const due = overdueAt.getTime();
  return t < due ? 0 : Math.floor((t - due) / dayMs) + 1;
}
