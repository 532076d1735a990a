import { z } from 'zod';
import { EXTENDED_BUCKETS } from './aging-buckets.ts';

const Percent = z
  .string()
  .regex(
    /^(100(\.0+)?|\d{1,2}(\.\d{1,4})?)$/,
    'must be a percentage from "0" to "100" with up to 4 decimals',
  );

const BucketRates = z.strictObject(
  Object.fromEntries(EXTENDED_BUCKETS.map((bucket) => [bucket, Percent])) as Record<
    (typeof EXTENDED_BUCKETS)[number],
    typeof Percent
  >,
);

/** Bad-debt provision, in % of the open balance, per risk class (`unknown`: not yet assessed) and bucket. */
export const ProvisionMatrix = z.strictObject({
  A: BucketRates,
  B: BucketRates,
  C: BucketRates,
  unknown: BucketRates,
});
export type ProvisionMatrix = z.infer<typeof ProvisionMatrix>;
export const PROVISION_CLASSES = ['A', 'B', 'C', 'unknown'] as const;

/**
 * Defaults in the spirit of a simplified expected-loss matrix (IFRS 9): a small rate on current debt,
 * rising with age, double or more for high-risk customers, everything provided for past 180 days for
 * them. A customer without an assessment is treated as normal risk (B).
 */
export const DEFAULT_PROVISION_MATRIX: ProvisionMatrix = {
  A: { current: '0.5', '1-30': '1', '31-60': '3', '61-90': '10', '91-180': '25', '181+': '50' },
  B: { current: '1', '1-30': '2', '31-60': '5', '61-90': '15', '91-180': '40', '181+': '75' },
  C: { current: '3', '1-30': '5', '31-60': '15', '61-90': '30', '91-180': '60', '181+': '100' },
  unknown: { current: '1', '1-30': '2', '31-60': '5', '61-90': '15', '91-180': '40', '181+': '75' },
};

const Target = z.strictObject({
  value: z.string().regex(/^\d+(\.\d{1,4})?$/, 'must be a non-negative decimal string'),
  better: z.enum(['lower', 'higher']),
});
export type KpiTarget = z.infer<typeof Target>;

export const KPI_NAMES = ['dso', 'arTurnover', 'overdueRatio', 'over90Share', 'badDebtRate', 'cei'] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/** Monthly targets of the trends report, each with the direction that is better. */
export const KpiTargets = z.strictObject(
  Object.fromEntries(KPI_NAMES.map((name) => [name, Target])) as Record<KpiName, typeof Target>,
);
export type KpiTargets = z.infer<typeof KpiTargets>;

/**
 * Defaults for a month (the trends report's period): DSO at most 45 days; AR turnover at least 0.75 a
 * month (9 a year); at most a quarter of receivables overdue and 5 % past 90 days; bad-debt loss under
 * 1 % (the playbooks' target); CEI at least 80.
 */
export const DEFAULT_KPI_TARGETS: KpiTargets = {
  dso: { value: '45', better: 'lower' },
  arTurnover: { value: '0.75', better: 'higher' },
  overdueRatio: { value: '0.25', better: 'lower' },
  over90Share: { value: '0.05', better: 'lower' },
  badDebtRate: { value: '0.01', better: 'lower' },
  cei: { value: '80', better: 'higher' },
};

/** A JSON environment variable read through a schema, its default when unset. */
export function jsonSetting<T extends z.ZodType>(schema: T, fallback: z.output<T>) {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return fallback;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
