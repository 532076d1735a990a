import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SmsRequest {
  to: string;
  text: string;
  reference: string;
  idempotencyKey: string | undefined;
}

export interface SmsTestGateway {
  url: string;
  /** Every request, whatever the answer. */
  requests: SmsRequest[];
  /** Requests answered 2xx: the SMS the gateway actually sends. */
  sent: SmsRequest[];
  close(): Promise<void>;
}

/**
 * An HTTP SMS gateway; `script(to)` lists the statuses it answers for that number in turn (the last
 * one repeats), so one gateway can play several scenarios.
 */
export async function startSmsTestGateway(script: (to: string) => number[]): Promise<SmsTestGateway> {
  const requests: SmsRequest[] = [];
  const sent: SmsRequest[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const parsed = JSON.parse(body) as Omit<SmsRequest, 'idempotencyKey'>;
      const sms = { ...parsed, idempotencyKey: request.headers['idempotency-key'] as string | undefined };
      const statuses = script(parsed.to);
      const earlier = requests.filter((r) => r.to === parsed.to).length;
      const status = statuses[Math.min(earlier, statuses.length - 1)] ?? 200;
      requests.push(sms);
      if (status < 300) sent.push(sms);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(status < 300 ? { id: `sms-${sent.length}` } : { error: `status ${status}` }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    requests,
    sent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
