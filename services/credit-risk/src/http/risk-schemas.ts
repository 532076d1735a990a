import {
  AlertKind,
  CreditLimit,
  CurrencyCode,
  DecimalAmount,
  EntityId,
  Instant,
  RecommendedTerms,
  RiskClass,
  WarningLevel,
} from '@dunning/contracts';
import { z } from 'zod';

export const CustomerParams = z.object({ customerId: EntityId });

const ratio = (description: string) => z.number().min(0).max(1000).meta({ description });

/** Body of PUT /v1/customers/:customerId/financials. */
export const FinancialsBody = z
  .strictObject({
    currentRatio: ratio('Current assets / current liabilities; below 1 weighs heavily'),
    quickRatio: ratio('(Current assets − inventory) / current liabilities'),
    debtRatio: z.number().min(0).max(10).meta({ description: 'Total debt / total assets' }),
    period: z
      .string()
      .regex(
        /^\d{4}-(Q[1-4]|H[12]|FY|(0[1-9]|1[0-2]))$/,
        'must be a period such as 2026-Q3, 2026-H1, 2026-FY or 2026-09',
      )
      .meta({ description: 'The reporting period, e.g. 2026-Q3' }),
  })
  .refine((body) => body.quickRatio <= body.currentRatio, {
    path: ['quickRatio'],
    message: 'must not exceed currentRatio (quick assets are part of current assets)',
  });

export const FinancialsResponse = z.object({
  customerId: z.string(),
  status: z.enum(['updated', 'unchanged']),
});

export const Factor = z.object({
  name: z.string().meta({ description: 'A model factor, or `alert` for an open business alert' }),
  value: z.union([z.number(), z.string(), z.null()]),
  contribution: z.number().meta({ description: 'Points added (+) or taken (−) from the base score' }),
  alert: z
    .object({ alertId: z.string(), kind: AlertKind, note: z.string().nullable(), since: Instant })
    .optional()
    .meta({ description: 'For an alert factor: which alert, its note and since when it is open' }),
});

export const RiskResponse = z.object({
  customerId: z.string(),
  score: z.int().min(0).max(100).meta({ description: '0 to 100; higher is safer' }),
  class: RiskClass,
  warning: WarningLevel,
  creditLimit: DecimalAmount,
  currency: CurrencyCode,
  onHold: z.boolean(),
  holdReason: z.string(),
  modelVersion: z.string(),
  assessedAt: Instant,
  trigger: z.string(),
  factors: z.array(Factor),
  recommendedTerms: RecommendedTerms.nullable().meta({
    description:
      'The terms advised for the next order (null only until a customer assessed before advice existed is re-scored)',
  }),
});

export const HistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z
    .string()
    .regex(/^\d{1,18}$/, 'must be an assessmentId')
    .optional()
    .meta({ description: 'Page: assessments older than this assessmentId' }),
});

export const HistoryEntry = z.object({
  assessmentId: z.string(),
  assessedAt: Instant,
  trigger: z.string(),
  modelVersion: z.string(),
  score: z.int(),
  class: RiskClass,
  warning: WarningLevel,
  creditLimit: CreditLimit,
  onHold: z.boolean(),
  changed: z.boolean().meta({ description: 'Whether class, warning, limit or hold changed (published)' }),
  factors: z.array(Factor),
  inputs: z.record(z.string(), z.unknown()),
});

export const ConcentrationResponse = z.object({
  threshold: z.number(),
  customers: z.array(
    z.object({
      customerId: z.string(),
      currency: CurrencyCode,
      share: z.number().meta({ description: 'Share of all open receivables in the currency, 0..1' }),
      exposure: DecimalAmount,
      flaggedAt: Instant,
    }),
  ),
});
