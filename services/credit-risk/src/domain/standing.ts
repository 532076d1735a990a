import type { RiskClass, WarningLevel } from '@dunning/contracts';

/** The parts of an assessment whose change is published. */
export interface Standing {
  class: RiskClass;
  warning: WarningLevel;
  creditLimitMinor: bigint;
  currency: string;
  onHold: boolean;
}

export function standingChanged(previous: Standing | null, next: Standing): boolean {
  if (previous === null) return true;
  return (
    previous.class !== next.class ||
    previous.warning !== next.warning ||
    previous.onHold !== next.onHold ||
    previous.currency !== next.currency ||
    previous.creditLimitMinor !== next.creditLimitMinor
  );
}
