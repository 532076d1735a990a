import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** What a stand-in receiver has taken: every message, and the distinct ones (a resend counts once). */
export interface SinkCounts {
  received: number;
  distinct: number;
}

export interface Sinks {
  smtpPort: number;
  smsUrl: string;
  email: SinkCounts;
  sms: SinkCounts;
  close(): Promise<void>;
}

/**
 * The receivers of the burst's notices, in this process: an SMTP server that accepts every message
 * (no TLS, no auth) and an HTTP SMS gateway that answers 200 to every POST. They count what arrives,
 * by Message-ID and by Idempotency-Key, so a notice sent twice is seen as such.
 */
export async function startSinks(): Promise<Sinks> {
  const email: SinkCounts = { received: 0, distinct: 0 };
  const sms: SinkCounts = { received: 0, distinct: 0 };
  const emailIds = new Set<string>();
  const smsIds = new Set<string>();
  const count = (counts: SinkCounts, seen: Set<string>, id: string | undefined) => {
    counts.received++;
    if (id && !seen.has(id)) {
      seen.add(id);
      counts.distinct++;
    }
  };

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
        if (head.length < 8192) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        count(email, emailIds, /^message-id:\s*(\S+)/im.exec(head)?.[1]);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));

  const gateway = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      count(sms, smsIds, request.headers['idempotency-key'] as string | undefined);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));

  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    smsUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`,
    email,
    sms,
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      gateway.closeAllConnections();
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
    },
  };
}
