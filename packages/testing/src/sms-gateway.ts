import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Receipts } from './receipts.ts';

/** One POST to the gateway, as the notifications service sends it. */
export interface SmsRequest {
  to: string;
  text: string;
  reference: string;
  idempotencyKey: string | undefined;
}

export interface SmsGatewayOptions {
  /**
   * The statuses the gateway answers to messages for `to`, in turn (the last one repeats), so one
   * gateway can play several scenarios. Default: 200 to everything, as a healthy gateway does.
   */
  statuses?: (to: string) => readonly number[];
  /** Keep every message in `requests` and `sent` (default); off, a benchmark's millions are only counted. */
  keepMessages?: boolean;
  /** Called with every message as it arrives, whatever the answer. */
  onMessage?: (sms: SmsRequest) => void;
}

export interface SmsGateway {
  /** What the notifications service is configured with (`SMS_GATEWAY_URL`). */
  url: string;
  /** Every request, whatever the answer (empty with keepMessages off). */
  requests: SmsRequest[];
  /** Requests answered 2xx: the SMS the gateway actually sends (empty with keepMessages off). */
  sent: SmsRequest[];
  /** The messages answered 2xx, by Idempotency-Key: a notice sent twice shows up as a second arrival. */
  receipts: Receipts;
  close(): Promise<void>;
}

function parse(body: string, idempotencyKey: string | undefined): SmsRequest {
  let fields: Partial<Record<'to' | 'text' | 'reference', unknown>> = {};
  try {
    fields = JSON.parse(body) ?? {};
  } catch {
    // Not JSON: kept with empty fields, so a test sees that it arrived.
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { to: text(fields.to), text: text(fields.text), reference: text(fields.reference), idempotencyKey };
}

/**
 * A stand-in HTTP SMS gateway on 127.0.0.1 in this process: records what it receives and answers
 * 200 (or what `statuses` says). A sender that dies mid-request is no error of the gateway's.
 */
export async function startSmsGateway(options: SmsGatewayOptions = {}): Promise<SmsGateway> {
  const keep = options.keepMessages ?? true;
  const requests: SmsRequest[] = [];
  const sent: SmsRequest[] = [];
  const receipts = new Receipts();
  const attempts = new Map<string, number>();
  const server = createServer((request, response) => {
    request.on('error', () => {});
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const key = request.headers['idempotency-key'];
      const sms = parse(body, typeof key === 'string' ? key : undefined);
      options.onMessage?.(sms);
      let status = 200;
      if (options.statuses !== undefined) {
        const statuses = options.statuses(sms.to);
        const earlier = attempts.get(sms.to) ?? 0;
        attempts.set(sms.to, earlier + 1);
        status = statuses[Math.min(earlier, statuses.length - 1)] ?? 200;
      }
      const accepted = status >= 200 && status < 300;
      if (keep) {
        requests.push(sms);
        if (accepted) sent.push(sms);
      }
      if (accepted) receipts.add(sms.idempotencyKey ?? '(none)');
      response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify(accepted ? { status: 'accepted' } : { error: `status ${status}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    requests,
    sent,
    receipts,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { Receipts } from './receipts.ts';
