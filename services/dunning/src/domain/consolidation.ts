/** A scheduled step that could join a notice. */
export interface ConsolidationCandidate {
  stepId: string;
  customerId: string;
  name: string;
  runAtMs: number;
}

/**
 * The steps that one notice covers: the leading step plus the same customer's steps of the same level
 * (step name) falling due within `windowMs` after it. Later steps are pulled forward by at most the
 * window; earlier ones have already led their own notice.
 */
export function consolidationGroup(
  lead: ConsolidationCandidate,
  candidates: ConsolidationCandidate[],
  windowMs: number,
): ConsolidationCandidate[] {
  const until = lead.runAtMs + windowMs;
  const others = candidates.filter(
    (c) =>
      c.stepId !== lead.stepId &&
      c.customerId === lead.customerId &&
      c.name === lead.name &&
      c.runAtMs <= until,
  );
  return [lead, ...others];
}
