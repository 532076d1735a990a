import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from '@dunning/service-runtime';
import nodemailer, { type Transporter } from 'nodemailer';
import type { NotificationsConfig } from '../config.ts';
import type { CustomerContact } from '../domain/notice-variables.ts';
import { type ChannelReceipt, DeliveryError, type NoticeChannel, type OutgoingNotice } from './channel.ts';

type SmtpFailure = Error & { responseCode?: number; code?: string; response?: string };

/** SMTP 5xx is a hard bounce (unknown mailbox, rejected sender): resending the same mail will not help. */
export function classifySmtpError(error: SmtpFailure): DeliveryError {
  const code = error.responseCode;
  const detail = error.response ?? error.message;
  if (code !== undefined && code >= 500 && code < 600) {
    return new DeliveryError(`smtp rejected the message (${code}): ${detail}`, { permanent: true });
  }
  return new DeliveryError(`smtp failed (${code ?? error.code ?? 'no reply'}): ${detail}`, {
    permanent: false,
  });
}

/**
 * Email over SMTP with pooled connections; with no SMTP_HOST each message is written as an .eml file
 * to MAIL_OUTBOX_DIR instead, so the service works with nothing else installed.
 */
export function createEmailChannel(config: NotificationsConfig, logger: Logger): NoticeChannel {
  const outboxDir = resolve(config.MAIL_OUTBOX_DIR);
  const transport: Transporter = config.SMTP_HOST
    ? nodemailer.createTransport({
        pool: true,
        maxConnections: config.SMTP_POOL_SIZE,
        host: config.SMTP_HOST,
        port: config.SMTP_PORT,
        secure: config.SMTP_SECURE,
        requireTLS: config.SMTP_REQUIRE_TLS,
        tls: { rejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED },
        ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } } : {}),
      })
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  if (config.SMTP_HOST) {
    logger.info({ host: config.SMTP_HOST, port: config.SMTP_PORT }, 'email: sending over SMTP');
  } else {
    mkdirSync(outboxDir, { recursive: true });
    logger.info({ dir: outboxDir }, 'email: no SMTP_HOST configured, writing each email as an .eml file');
  }

  return {
    channel: 'email',
    recipient(customer: CustomerContact): string {
      if (!customer.email) throw new DeliveryError('customer has no email address', { permanent: true });
      return customer.email;
    },
    async send(notice: OutgoingNotice): Promise<ChannelReceipt> {
      const message = {
        from: config.MAIL_FROM,
        to: { name: notice.customer.name, address: this.recipient(notice.customer) },
        subject: notice.rendered.subject,
        text: notice.rendered.text,
        html: notice.rendered.html,
        messageId: notice.messageId,
        headers: { 'X-Dunning-Delivery-Id': notice.deliveryId },
      };
      let info: { response?: string; message?: Buffer };
      try {
        info = await transport.sendMail(message);
      } catch (error) {
        throw classifySmtpError(error as SmtpFailure);
      }
      if (!config.SMTP_HOST) {
        const file = resolve(outboxDir, `${notice.deliveryId}.eml`);
        writeFileSync(file, info.message ?? '');
        return { response: `written to ${file}` };
      }
      return { response: info.response ?? 'accepted' };
    },
    async close() {
      transport.close();
    },
  };
}
