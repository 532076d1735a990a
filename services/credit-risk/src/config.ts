import { baseConfigShape, parseConfig } from '@dunning/service-runtime';
import { z } from 'zod';

const CreditRiskConfig = z.object(baseConfigShape({ port: 3002, schema: 'credit_risk' }));
export type CreditRiskConfig = z.output<typeof CreditRiskConfig>;

export function loadConfig(env?: Record<string, string | undefined>): CreditRiskConfig {
  return parseConfig(CreditRiskConfig, env);
}
