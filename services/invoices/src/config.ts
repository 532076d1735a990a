import { TimeZone } from '@dunning/contracts';
import { platformService } from '@dunning/platform-manifest';
import { baseConfigShape, parseConfig } from '@dunning/service-runtime';
import { z } from 'zod';
import {
  DEFAULT_KPI_TARGETS,
  DEFAULT_PROVISION_MATRIX,
  jsonSetting,
  KpiTargets,
  ProvisionMatrix,
} from './reports/report-settings.ts';

const InvoicesConfig = z.object({
  ...baseConfigShape(platformService('invoices')),
  /** Where a reporting day ends: aging `asOf`, KPI periods. The company's zone, not a customer's. */
  REPORTING_TIME_ZONE: TimeZone.default('UTC'),
  /** Pause between compactions of the receivable summary's change log into its day and month totals. */
  RECEIVABLE_SUMMARY_COMPACT_MS: z.coerce.number().int().positive().default(30_000),
  /** Bad-debt provision % per risk class and aging bucket, as JSON; see report-settings.ts for defaults. */
  PROVISION_MATRIX: jsonSetting(ProvisionMatrix, DEFAULT_PROVISION_MATRIX),
  /** Monthly KPI targets of the trends report, as JSON; see report-settings.ts for defaults. */
  KPI_TARGETS: jsonSetting(KpiTargets, DEFAULT_KPI_TARGETS),
});
export type InvoicesConfig = z.output<typeof InvoicesConfig>;

export function loadConfig(env?: Record<string, string | undefined>): InvoicesConfig {
  return parseConfig(InvoicesConfig, env, { service: 'invoices' });
}
