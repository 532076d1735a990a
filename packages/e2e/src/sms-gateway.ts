import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SmsGateway {
  /** What the notifications service is configured with (`SMS_GATEWAY_URL`). */
  url: string;
  /** Every message the gateway accepted. */
  received: unknown[];
  close(): Promise<void>;
}

/** A stand-in SMS gateway on 127.0.0.1 that accepts every message, as the real one does when healthy. */
export async function startSmsGateway(): Promise<SmsGateway> {
  const received: unknown[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"queued"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
