import { platformService } from '@dunning/platform-manifest';
import { hashTagged } from '@dunning/service-host';
import { baseConfigShape, parseConfig } from '@dunning/service-runtime';
import { z } from 'zod';

const flag = z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true');

const NotificationsConfig = z.object({
  ...baseConfigShape(platformService('notifications')),
  // SMTP: unset SMTP_HOST means "no mail server": each email is written as an .eml file instead.
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65_535).default(587),
  // true = TLS from the first byte (port 465); false = STARTTLS when the server offers it.
  SMTP_SECURE: flag.default(false),
  SMTP_REQUIRE_TLS: flag.default(false),
  // Accept self-signed certificates (test servers only).
  SMTP_TLS_REJECT_UNAUTHORIZED: flag.default(true),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  MAIL_FROM: z.string().min(3).default('Accounts Receivable <ar@example.com>'),
  MAIL_OUTBOX_DIR: z.string().min(1).default('var/outbox-mail'),
  // SMS gateway: POST JSON { to, text, reference } to this URL; unset = SMS deliveries fail permanently.
  SMS_GATEWAY_URL: z.url().optional(),
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  SMS_GATEWAY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  // Letterhead and payment instructions printed on every notice.
  COMPANY_NAME: z.string().min(1).default('Example Trading Co., Ltd.'),
  COMPANY_ADDRESS: z.string().min(1).default('1 Example Road, Shanghai, China'),
  PAYMENT_INSTRUCTIONS: z
    .string()
    .min(1)
    .default('Bank transfer to IBAN CN00 0000 0000 0000, quoting the invoice numbers.'),
  // BullMQ queue prefix, put in a hash tag (`{bull:<topic prefix>}`) unless it holds one; defaults to
  // "bull:" + KAFKA_TOPIC_PREFIX so parallel test runs never share queues.
  BULLMQ_PREFIX: z.string().min(1).optional(),
  DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  DELIVERY_BACKOFF_MS: z.coerce.number().int().positive().default(2_000),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  // How often the deliveries report's count log is folded into its counts per hour.
  DELIVERY_COUNTS_COMPACT_MS: z.coerce.number().int().positive().default(30_000),
  // How often unfinished deliveries missing from the queue (a flushed Redis) are queued again.
  REQUEUE_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  // How long a worker holds a job; a crashed worker's job is handed out again after this.
  DELIVERY_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  // Quiet hours in the customer's time zone [start, end) by local hour; only applied with real days.
  QUIET_HOURS_START: z.coerce.number().int().min(0).max(23).default(21),
  QUIET_HOURS_END: z.coerce.number().int().min(0).max(23).default(8),
  // Emails + SMS per customer per DAY_MS (letters are not capped: a legal letter must go out).
  DAILY_CAP_PER_CUSTOMER: z.coerce.number().int().min(1).default(3),
});
export type NotificationsConfig = z.output<typeof NotificationsConfig>;

export function loadConfig(env?: Record<string, string | undefined>): NotificationsConfig {
  return parseConfig(NotificationsConfig, env, { service: 'notifications' });
}

export function bullPrefix(config: NotificationsConfig): string {
  return hashTagged(config.BULLMQ_PREFIX ?? `bull:${config.KAFKA_TOPIC_PREFIX}`.replace(/[.:]+$/, ''));
}
