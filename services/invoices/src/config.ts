import { TimeZone } from '@dunning/contracts';
import { platformService } from '@dunning/platform-manifest';
import { baseConfigShape, parseConfig } from '@dunning/service-runtime';
import { z } from 'zod';

const InvoicesConfig = z.object({
  ...baseConfigShape(platformService('invoices')),
  /** Where a reporting day ends: aging `asOf`, KPI periods. The company's zone, not a customer's. */
  REPORTING_TIME_ZONE: TimeZone.default('UTC'),
});
export type InvoicesConfig = z.output<typeof InvoicesConfig>;

export function loadConfig(env?: Record<string, string | undefined>): InvoicesConfig {
  return parseConfig(InvoicesConfig, env);
}
