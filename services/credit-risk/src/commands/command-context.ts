import type { RiskModel } from '../domain/risk-model.ts';

export const RISK_SOURCE = '/services/credit-risk';

/** What the use cases of the service share: where to write, which model, and the clock. */
export interface CommandContext {
  schema: string;
  riskTopic: string;
  model: RiskModel;
  dayMs: number;
  fallbackCurrency: string;
  concentrationThreshold: number;
  now: () => Date;
}
