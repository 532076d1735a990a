import { platformService } from '@dunning/platform-manifest';
import { baseConfigShape, parseConfig } from '@dunning/service-runtime';
import { z } from 'zod';

const InvoicesConfig = z.object(baseConfigShape(platformService('invoices')));
export type InvoicesConfig = z.output<typeof InvoicesConfig>;

export function loadConfig(env?: Record<string, string | undefined>): InvoicesConfig {
  return parseConfig(InvoicesConfig, env);
}
