import { consoleApp, platformService } from '@dunning/platform-manifest';
import { baseConfigShape, parseConfig } from '@dunning/service-runtime';
import { z } from 'zod';

const serviceUrl = (name: Parameters<typeof platformService>[0]) =>
  z.url({ protocol: /^https?$/ }).default(`http://127.0.0.1:${platformService(name).port}`);

const ConsoleConfig = z.object({
  // HOST, PORT, DATABASE_URL, DB_SCHEMA, LOG_LEVEL as every service (the Kafka and Redis fields are unused).
  ...baseConfigShape(consoleApp),
  // Where the four services answer; the console meets them over HTTP only.
  INVOICES_URL: serviceUrl('invoices'),
  CREDIT_RISK_URL: serviceUrl('credit-risk'),
  DUNNING_URL: serviceUrl('dunning'),
  NOTIFICATIONS_URL: serviceUrl('notifications'),
  // The console's own API key for those services (npm start generates it and lists it in API_KEYS_FILE).
  CONSOLE_API_KEY: z.string().min(16, 'must be at least 16 characters'),
  // The first admin: created at start when no user of that name exists (npm start generates the password).
  CONSOLE_ADMIN_USER: z
    .string()
    .regex(/^[a-z0-9._-]{1,64}$/, 'lowercase letters, digits, . _ -')
    .default('admin'),
  CONSOLE_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  // Session cookies carry `Secure` (browsers keep them on http://127.0.0.1 and localhost too).
  CONSOLE_COOKIE_SECURE: z
    .enum(['0', '1', 'true', 'false'])
    .default('true')
    .transform((value) => value === '1' || value === 'true'),
  CONSOLE_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  // Sign-in attempts per minute from one address (failed or not); more answer 429.
  CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().positive().default(10),
});
export type ConsoleConfig = z.output<typeof ConsoleConfig>;

export function loadConfig(env?: Record<string, string | undefined>): ConsoleConfig {
  return parseConfig(ConsoleConfig, env, { service: 'console' });
}
