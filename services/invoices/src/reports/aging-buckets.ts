/** Aging buckets in order, labelled as the contract says; days past due = asOf − dueDate. */
export const STANDARD_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
/** `buckets=extended`: the old debt split in two, as provisioning and write-off reviews look at it. */
export const EXTENDED_BUCKETS = ['current', '1-30', '31-60', '61-90', '91-180', '181+'] as const;
export const ALL_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+', '91-180', '181+'] as const;
export type AgingBucket = (typeof ALL_BUCKETS)[number];

export type AgingScheme = 'standard' | 'extended';

export function bucketsOfScheme(scheme: AgingScheme): readonly AgingBucket[] {
  return scheme === 'extended' ? EXTENDED_BUCKETS : STANDARD_BUCKETS;
}

/** The bucket of a day count (0 or less is current), pure, for checks and for the SQL below to mirror. */
export function bucketOf(daysPastDue: number, scheme: AgingScheme): AgingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  if (scheme === 'standard') return '90+';
  return daysPastDue <= 180 ? '91-180' : '181+';
}

/** The same rule as a SQL CASE over an integer expression of days past due (never user input). */
export function bucketSql(days: string, scheme: AgingScheme): string {
  const top = scheme === 'standard' ? `ELSE '90+'` : `WHEN ${days} <= 180 THEN '91-180' ELSE '181+'`;
  return `CASE WHEN ${days} <= 0 THEN 'current' WHEN ${days} <= 30 THEN '1-30' WHEN ${days} <= 60 THEN '31-60'
               WHEN ${days} <= 90 THEN '61-90' ${top} END`;
}
