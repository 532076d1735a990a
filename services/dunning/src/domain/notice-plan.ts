/** A scheduled step as the runner sees it. */
export interface PlannableStep {
  stepId: string;
  invoiceId: string;
  customerId: string;
  name: string;
  level: number;
  runAtMs: number;
}

/** What the runner needs to know of a step's case. */
export interface PlannableCase {
  status: 'active' | 'paused' | 'closed';
  closeReason: string | null;
  balanceMinor: bigint;
  openDisputes: number;
  promisePending: boolean;
}

/** One notice: the leading step first, then the same customer's steps it consolidates. */
export interface PlannedNotice {
  leadStepId: string;
  stepIds: string[];
}

export interface NoticePlan {
  notices: PlannedNotice[];
  skipped: { stepId: string; reason: string }[];
}

/** Whether a case's due steps run, wait (paused: they run after the pause, shifted) or are skipped. */
export function caseVerdict(c: PlannableCase): { run: true } | { wait: true } | { skip: string } {
  if (c.status === 'closed') return { skip: `case closed (${c.closeReason ?? 'unknown'})` };
  if (c.balanceMinor <= 0n) return { skip: 'nothing left to pay' };
  if (c.status === 'paused' || c.openDisputes > 0 || c.promisePending) return { wait: true };
  return { run: true };
}

const byRunOrder = (a: PlannableStep, b: PlannableStep) =>
  a.customerId.localeCompare(b.customerId) ||
  a.runAtMs - b.runAtMs ||
  a.level - b.level ||
  a.stepId.localeCompare(b.stepId);

/**
 * Decides what runs now, for any number of customers at once: every due step of a case that may be
 * dunned leads a notice in ladder order, unless an earlier notice already took it in. A notice takes in
 * the customer's other steps of the same name falling due within `windowMs` after the lead (pulled
 * forward by at most the window) whose case may be dunned. Due steps of closed or settled cases are
 * skipped; those of paused cases wait. `steps` must hold every scheduled step due by now + windowMs of
 * these customers.
 */
export function planNotices(
  steps: readonly PlannableStep[],
  cases: ReadonlyMap<string, PlannableCase>,
  nowMs: number,
  windowMs: number,
): NoticePlan {
  const verdicts = new Map([...cases].map(([invoiceId, c]) => [invoiceId, caseVerdict(c)]));
  const ordered = [...steps].sort(byRunOrder);
  const ofCustomer = Map.groupBy(ordered, (s) => s.customerId);
  const taken = new Set<string>();
  const plan: NoticePlan = { notices: [], skipped: [] };
  for (const lead of ordered) {
    if (lead.runAtMs > nowMs || taken.has(lead.stepId)) continue;
    const verdict = verdicts.get(lead.invoiceId);
    if (!verdict || 'wait' in verdict) continue;
    taken.add(lead.stepId);
    if ('skip' in verdict) {
      plan.skipped.push({ stepId: lead.stepId, reason: verdict.skip });
      continue;
    }
    const joined = (ofCustomer.get(lead.customerId) ?? [])
      .filter(
        (s) =>
          !taken.has(s.stepId) &&
          s.name === lead.name &&
          s.runAtMs <= lead.runAtMs + windowMs &&
          (verdicts.get(s.invoiceId) as { run?: true } | undefined)?.run === true,
      )
      .sort((a, b) => a.invoiceId.localeCompare(b.invoiceId));
    for (const s of joined) taken.add(s.stepId);
    plan.notices.push({ leadStepId: lead.stepId, stepIds: [lead.stepId, ...joined.map((s) => s.stepId)] });
  }
  return plan;
}
