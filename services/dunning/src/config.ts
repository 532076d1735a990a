import { baseConfigShape, parseConfig } from '@dunning/service-runtime';
import { z } from 'zod';

const DunningConfig = z.object(baseConfigShape({ port: 3003, schema: 'dunning' }));
export type DunningConfig = z.output<typeof DunningConfig>;

export function loadConfig(env?: Record<string, string | undefined>): DunningConfig {
  return parseConfig(DunningConfig, env);
}
