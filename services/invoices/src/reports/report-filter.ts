import { CountryCode, CurrencyCode, EntityId, text } from '@dunning/contracts';
import { z } from 'zod';

/**
 * The filters every invoices report takes, and the output format. Declared once so that each route's
 * querystring spreads the same fields and each query applies them the same way, in SQL.
 */
export const reportFilterShape = {
  currency: CurrencyCode.optional().meta({ description: 'Only this currency; defaults to every currency' }),
  industry: text(100)
    .optional()
    .meta({ description: "Only customers of this industry (the customer's profile)" }),
  country: CountryCode.optional().meta({ description: 'Only customers whose address is in this country' }),
  collectorId: EntityId.optional().meta({ description: 'Only customers this collector looks after' }),
  format: z
    .enum(['json', 'csv'])
    .optional()
    .meta({ description: 'csv: answer text/csv (as `Accept: text/csv` does); defaults to JSON' }),
};

export interface ReportFilter {
  currency?: string | undefined;
  industry?: string | undefined;
  country?: string | undefined;
  collectorId?: string | undefined;
}

export interface SqlFragment {
  /** Conditions to append to a WHERE clause, each starting with AND; '' without filters. */
  sql: string;
  values: unknown[];
}

/**
 * The filter as SQL conditions on `alias`, a row with `currency` and `customer_id` (an invoice, a
 * charge), its parameters numbered from `$firstParam`. The profile filters are one semi-join on the
 * customer's primary key, present only when asked for.
 */
export function filterSql(filter: ReportFilter, alias: string, firstParam: number): SqlFragment {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${firstParam + values.length - 1}`;
  };
  const conditions: string[] = [];
  if (filter.currency !== undefined) conditions.push(`${alias}.currency = ${param(filter.currency)}`);
  const profile: string[] = [];
  if (filter.industry !== undefined) profile.push(`f.profile->>'industry' = ${param(filter.industry)}`);
  if (filter.country !== undefined)
    profile.push(`f.profile->'address'->>'country' = ${param(filter.country)}`);
  if (filter.collectorId !== undefined)
    profile.push(`f.profile->>'collectorId' = ${param(filter.collectorId)}`);
  if (profile.length > 0) {
    conditions.push(
      `EXISTS (SELECT 1 FROM customers f WHERE f.customer_id = ${alias}.customer_id AND ${profile.join(' AND ')})`,
    );
  }
  return { sql: conditions.map((condition) => ` AND ${condition}`).join(''), values };
}
