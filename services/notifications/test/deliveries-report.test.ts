import { adminAuth, lintOpenApi } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsService } from '../src/service.ts';
import { notificationsUnderTest } from './support/notifications-under-test.ts';

// Hand-made rows, requested on 2026-11-30 … 2026-12-02; the report counts [from, to) only.
const rows: [id: string, channel: string, status: string, requestedAt: string][] = [
  ['d1', 'email', 'sent', '2026-12-01T00:00:00.000Z'], // at from: counted
  ['d2', 'email', 'sent', '2026-12-01T09:00:00.000Z'],
  ['d3', 'email', 'failed', '2026-12-01T10:00:00.000Z'],
  ['d4', 'email', 'sending', '2026-12-01T11:00:00.000Z'], // shown as pending
  ['d5', 'email', 'pending', '2026-12-01T12:00:00.000Z'],
  ['d6', 'sms', 'sent', '2026-12-01T13:00:00.000Z'],
  ['d7', 'sms', 'dropped', '2026-12-01T23:59:59.999Z'],
  ['d8', 'letter', 'failed', '2026-12-01T08:00:00.000Z'],
  ['d9', 'email', 'sent', '2026-11-30T23:59:59.999Z'], // before from
  ['d10', 'sms', 'failed', '2026-12-02T00:00:00.000Z'], // at to: not counted
];

describe('GET /v1/reports/deliveries', () => {
  const platform = notificationsUnderTest();
  let service: NotificationsService;

  beforeAll(async () => {
    service = await platform.start();
    for (const [id, channel, status, requestedAt] of rows)
      await platform.pool().query({
        text: `INSERT INTO deliveries (delivery_id, action_id, channel, customer_id, invoice_ids, step, template_key,
                 action, status, requested_at)
               VALUES ($1, $1, $2, 'c-report', ARRAY['i-report'], 'reminder', 'reminder', '{}', $3, $4)`,
        values: [id, channel, status, requestedAt],
      });
  });
  afterAll(async () => {
    await platform.close();
  });

  const report = (query: string) =>
    service.app.inject({ headers: adminAuth, method: 'GET', url: `/v1/reports/deliveries?${query}` });

  it('counts per channel and status over [from, to), in the database', async () => {
    const response = await report('from=2026-12-01T00:00:00.000Z&to=2026-12-02T00:00:00.000Z');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
      channels: [
        { channel: 'email', counts: { pending: 2, sent: 2, failed: 1, dropped: 0 }, total: 5 },
        { channel: 'letter', counts: { pending: 0, sent: 0, failed: 1, dropped: 0 }, total: 1 },
        { channel: 'sms', counts: { pending: 0, sent: 1, failed: 0, dropped: 1 }, total: 2 },
      ],
    });
    const empty = await report('from=2025-01-01T00:00:00.000Z&to=2025-02-01T00:00:00.000Z');
    expect(empty.json().channels).toEqual([]);
  });

  it('answers problem+json naming the field for a bad period, and needs a key', async () => {
    const reversed = await report('from=2026-12-02T00:00:00.000Z&to=2026-12-01T00:00:00.000Z');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.headers['content-type']).toContain('application/problem+json');
    expect(reversed.json().errors).toEqual([{ path: 'querystring.to', message: 'must be later than from' }]);
    const malformed = await report('from=yesterday&to=2026-12-02T00:00:00.000Z');
    expect(malformed.statusCode).toBe(400);
    expect(new Set(malformed.json().errors.map((e: { path: string }) => e.path))).toEqual(
      new Set(['querystring.from']),
    );
    const anonymous = await service.app.inject({ method: 'GET', url: '/v1/reports/deliveries' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await service.app.inject({ method: 'GET', url: '/docs/json', headers: adminAuth })).json();
    expect(doc.paths['/v1/reports/deliveries'].get.operationId).toBe('deliveriesReport');
    expect(await lintOpenApi(doc)).toEqual([]);
  });
});
