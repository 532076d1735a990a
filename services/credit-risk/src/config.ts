import { CurrencyCode } from '@dunning/contracts';
import { platformService } from '@dunning/platform-manifest';
import { baseConfigShape, parseConfig } from '@dunning/service-runtime';
import { z } from 'zod';
import { riskModels } from './domain/models/index.ts';

// setInterval fires at once for delays above 2^31 - 1 ms.
const MAX_TIMER_MS = 2_147_483_647;

const CreditRiskConfig = z
  .object({
    ...baseConfigShape(platformService('credit-risk')),
    // How often the assessor looks for customers whose events changed them (the coalescing window).
    ASSESS_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
    // How often every customer is re-scored so old lateness fades; defaults to one DAY_MS.
    RESCORE_INTERVAL_MS: z.coerce.number().int().positive().max(MAX_TIMER_MS).optional(),
    // A customer above this share of all open receivables (per currency) is flagged.
    CONCENTRATION_THRESHOLD: z.coerce.number().gt(0).lt(1).default(0.3),
    // The currency of the limit of a customer that has no invoices yet.
    DEFAULT_CURRENCY: CurrencyCode.default('CNY'),
    RISK_MODEL_VERSION: z.enum(Object.keys(riskModels) as [string, ...string[]]).default('risk-v1'),
  })
  .transform((config) => ({
    ...config,
    RESCORE_INTERVAL_MS: config.RESCORE_INTERVAL_MS ?? Math.min(config.DAY_MS, MAX_TIMER_MS),
  }));
export type CreditRiskConfig = z.output<typeof CreditRiskConfig>;

export function loadConfig(env?: Record<string, string | undefined>): CreditRiskConfig {
  return parseConfig(CreditRiskConfig, env, { service: 'credit-risk' });
}
