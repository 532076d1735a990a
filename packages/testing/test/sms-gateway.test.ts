import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmsGateway, startSmsGateway } from '../src/sms-gateway.ts';

describe('the stand-in SMS gateway', () => {
  let gateway: SmsGateway;
  beforeAll(async () => {
    gateway = await startSmsGateway({
      statuses: (to) => (to === '+1-flaky' ? [500, 200] : to === '+1-refused' ? [400] : [200]),
    });
  });
  afterAll(() => gateway.close());

  const send = (to: string, key: string) =>
    fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ to, text: `hello ${to}`, reference: key }),
    });

  it('records what it received and answers the scripted statuses in turn, the last one repeating', async () => {
    const statuses = [];
    for (const [to, key] of [
      ['+1-flaky', 'a'],
      ['+1-flaky', 'a'],
      ['+1-flaky', 'b'],
      ['+1-refused', 'c'],
      ['+1-refused', 'c'],
      ['+1-fine', 'd'],
    ] as const) {
      statuses.push((await send(to, key)).status);
    }
    expect(statuses).toEqual([500, 200, 200, 400, 400, 200]);
    expect(gateway.requests).toHaveLength(6);
    expect(gateway.requests[0]).toEqual({
      to: '+1-flaky',
      text: 'hello +1-flaky',
      reference: 'a',
      idempotencyKey: 'a',
    });
    expect(gateway.sent.map((sms) => sms.idempotencyKey)).toEqual(['a', 'b', 'd']);
    expect([
      gateway.receipts.received,
      gateway.receipts.distinct,
      gateway.receipts.timesReceived('c'),
    ]).toEqual([3, 3, 0]);
  });

  it('keeps a body that is not JSON, with empty fields', async () => {
    const answer = await fetch(gateway.url, { method: 'POST', body: 'not json' });
    expect(answer.status).toBe(200);
    expect(gateway.requests.at(-1)).toEqual({ to: '', text: '', reference: '', idempotencyKey: undefined });
  });

  it('only counts with keepMessages off, and hands every message to onMessage', async () => {
    const seen: string[] = [];
    const counting = await startSmsGateway({ keepMessages: false, onMessage: (sms) => seen.push(sms.to) });
    try {
      await fetch(counting.url, { method: 'POST', headers: { 'idempotency-key': 'x' }, body: '{"to":"+1"}' });
      expect([counting.requests.length, counting.sent.length, counting.receipts.received]).toEqual([0, 0, 1]);
      expect(seen).toEqual(['+1']);
    } finally {
      await counting.close();
    }
  });
});
