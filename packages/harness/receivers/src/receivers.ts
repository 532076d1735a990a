import type { AddressInfo } from 'node:net';
import { Receipts, startSmsGateway } from '@dunning/testing/sms-gateway';
import { SMTPServer } from 'smtp-server';

export interface Receivers {
  smtpPort: number;
  smsUrl: string;
  /** By Message-ID. */
  email: Receipts;
  /** By Idempotency-Key. */
  sms: Receipts;
  close(): Promise<void>;
}

/**
 * An SMTP server (no TLS, no auth) and an HTTP SMS gateway (startSmsGateway) that answers 200 to every POST, both on
 * 127.0.0.1 in this process. A notice sent twice shows up as a second arrival of the same id.
 */
export async function startReceivers(): Promise<Receivers> {
  const email = new Receipts();

  const smtp = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        // The Message-ID header is near the top: keep only the first few kilobytes.
        if (head.length < 16_384) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        email.add(/^message-id:\s*(\S+)/im.exec(head)?.[1] ?? '(none)');
        callback();
      });
    },
  });
  // A sender killed mid-conversation resets its connection; that is its failure, not the receiver's.
  smtp.on('error', () => {});
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));

  const gateway = await startSmsGateway({ keepMessages: false });

  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    smsUrl: gateway.url,
    email,
    sms: gateway.receipts,
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await gateway.close();
    },
  };
}
