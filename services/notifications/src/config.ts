import { baseConfigShape, parseConfig } from '@dunning/service-runtime';
import { z } from 'zod';

const NotificationsConfig = z.object(baseConfigShape({ port: 3004, schema: 'notifications' }));
export type NotificationsConfig = z.output<typeof NotificationsConfig>;

export function loadConfig(env?: Record<string, string | undefined>): NotificationsConfig {
  return parseConfig(NotificationsConfig, env);
}
