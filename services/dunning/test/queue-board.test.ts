import { adminAuth, lintOpenApi, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningService } from '../src/service.ts';
import { type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';
import { issued } from './support/ledger-feed.ts';

interface BoardQueues {
  queues: { name: string; readOnlyMode: boolean; counts: Record<string, number> }[];
}

describe('bull-board at /ops/queues', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    // A horizon far beyond the test's ladder arms every step's timer at once, so the board has jobs to show.
    run = await dunningUnderTest({ HORIZON_DAYS: '10000', PUMP_INTERVAL_MS: '100' });
    service = await run.start();
  });
  afterAll(async () => {
    await run?.close();
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

  it('lists the step-timer queue, read-only, with the timers the horizon pump armed', async () => {
    // Overdue in a minute: the four standard steps fall due within the next 90 simulated days (9 s).
    await run.feed.publish([issued('c-board', 'i-board', new Date(Date.now() + 60_000))]);
    const board = await waitFor(
      async () => {
        const response = await service.app.inject({
          headers: adminAuth,
          method: 'GET',
          url: '/ops/queues/api/queues?activeQueue=dunning-step-timers&status=delayed',
        });
        expect(response.statusCode).toBe(200);
        const body = response.json() as BoardQueues;
        return body.queues[0]?.counts.delayed === 4 ? body : undefined;
      },
      { what: 'four armed step timers on the board', timeoutMs: 20_000 },
    );
    expect(board.queues.map((q) => q.name)).toEqual(['dunning-step-timers']);
    expect(board.queues[0]!.readOnlyMode).toBe(true);
    // Read-only: the board refuses to change what PostgreSQL decides.
    const retry = await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/ops/queues/api/queues/dunning-step-timers/retry/failed',
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

  it('passes the OpenAPI lint (redocly.yaml) without errors or warnings', async () => {
    const response = await service.app.inject({ headers: adminAuth, method: 'GET', url: '/docs/json' });
    expect(await lintOpenApi(response.json())).toEqual([]);
  });
});
