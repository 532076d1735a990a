import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsService } from '../src/service.ts';
import { sampleAction, sampleCustomer } from './fixtures.ts';
import { notificationsUnderTest } from './support/notifications-under-test.ts';

interface BoardQueues {
  queues: {
    name: string;
    readOnlyMode: boolean;
    counts: Record<string, number>;
    jobs: { id: string; data: unknown }[];
  }[];
}

describe('bull-board at /ops/queues', () => {
  const platform = notificationsUnderTest();
  let service: NotificationsService;

  beforeAll(async () => {
    service = await platform.start();
    await Promise.all(service.consumers.map((consumer) => consumer.ready));
  });
  afterAll(async () => {
    await platform.close();
  });

  it('is closed without a key (it needs the ops:read scope)', async () => {
    expect((await service.app.inject({ method: 'GET', url: '/ops/queues' })).statusCode).toBe(401);
    expect((await service.app.inject({ method: 'GET', url: '/ops/queues/api/queues' })).statusCode).toBe(401);
  });

  it('serves the board page', async () => {
    const page = await service.app.inject({ headers: adminAuth, method: 'GET', url: '/ops/queues' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    // The page's assets are relative to its base, so the board works under any prefix.
    expect(page.body).toContain('<base href="/ops/queues/"');
    const script = page.body.match(/src="(static\/js\/main[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/ops/queues/${script}`,
    });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('lists the delivery queue, read-only, with the job of a delivered notice', async () => {
    const customer = sampleCustomer();
    await platform.publishCustomer(customer);
    const action = sampleAction(customer.customerId, { channel: 'email' });
    await platform.publishAction(action);
    const board = await waitFor(
      async () => {
        const response = await service.app.inject({
          headers: adminAuth,
          method: 'GET',
          url: '/ops/queues/api/queues?activeQueue=notification-deliveries&status=completed',
        });
        expect(response.statusCode).toBe(200);
        const body = response.json() as BoardQueues;
        return body.queues[0]?.counts.completed === 1 ? body : undefined;
      },
      { what: 'the completed delivery job on the board', timeoutMs: 30_000 },
    );
    expect(board.queues.map((q) => q.name)).toEqual(['notification-deliveries']);
    const [queue] = board.queues;
    expect(queue!.readOnlyMode).toBe(true);
    // The job names its delivery row: the board and the delivery log point at the same notice.
    const delivery = await platform
      .pool()
      .query<{ delivery_id: string }>('SELECT delivery_id FROM deliveries WHERE action_id = $1', [
        action.actionId,
      ]);
    expect(queue!.jobs.map((job) => job.id)).toEqual([delivery.rows[0]!.delivery_id]);
    const retry = await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/ops/queues/api/queues/notification-deliveries/retry/failed',
    });
    expect(retry.statusCode).toBe(405);
  });

  it('keeps the board out of the OpenAPI document', async () => {
    const spec = (
      await service.app.inject({ headers: adminAuth, method: 'GET', url: '/docs/json' })
    ).json() as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths).some((path) => path.startsWith('/ops/queues'))).toBe(false);
    expect(Object.keys(spec.paths)).toContain('/v1/ops/status');
  });
});
