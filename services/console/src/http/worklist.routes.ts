import type { FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import { platformApi } from '../clients/platform-api.ts';
import type { ConsoleConfig } from '../config.ts';
import { appendAudit } from '../db/audit.queries.ts';
import { BUCKETS, parseWorklistFilter, worklistQuery } from '../domain/worklist.ts';
import { fields } from './forms.ts';
import { pageHelpers, renderPage } from './render.ts';
import { CONTENT_SECURITY_POLICY } from './security-headers.ts';

export const worklistRoutes: FastifyPluginAsync<{ config: ConsoleConfig; pool: pg.Pool }> = async (
  app,
  { config, pool },
) => {
  app.get('/worklist', { config: { page: ['collector'] } }, async (request, reply) => {
    const user = request.user!;
    const filter = parseWorklistFilter(request.query as Record<string, unknown>);
    const worklist = await platformApi(config, user.username).dunning.worklist(
      user.collectorId ?? '',
      worklistQuery(filter),
    );
    const claimed = Number((request.query as Record<string, string>).claimed ?? Number.NaN);
    return renderPage(request, reply, 'worklist', {
      worklist,
      filter,
      bucketNames: BUCKETS,
      message: Number.isInteger(claimed)
        ? pageHelpers(request).t('worklist.claimed', { count: claimed })
        : undefined,
    });
  });

  // Dunning's server-sent task feed for the signed-in collector, relayed: the worklist page tells the
  // collector when their queue changed since it was drawn.
  app.get('/worklist/stream', { config: { page: ['collector'] } }, async (request, reply) => {
    const user = request.user!;
    const abort = new AbortController();
    request.raw.on('close', () => abort.abort());
    const upstream = await platformApi(config, user.username)
      .raw.dunning.stream(
        `/v1/collectors/${encodeURIComponent(user.collectorId ?? '')}/tasks/stream`,
        abort.signal,
      )
      .catch(() => undefined);
    if (!upstream?.ok || !upstream.body) {
      abort.abort();
      return reply.status(502).type('text/plain').send('task feed unavailable');
    }
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
    try {
      for await (const chunk of upstream.body) reply.raw.write(chunk);
    } catch {
      // The browser left (abort) or dunning closed the feed: either way the relay ends.
    }
    reply.raw.end();
  });

  // Claims several tasks at once, as this collector; a task another collector took meanwhile is skipped.
  app.post('/worklist/claim', { config: { page: ['collector'] } }, async (request, reply) => {
    const user = request.user!;
    const api = platformApi(config, user.username);
    const taskIds = fields(request.body, 'taskId').slice(0, 200);
    let claimed = 0;
    for (const taskId of taskIds) {
      try {
        await api.dunning.claim(taskId, user.collectorId ?? '');
        claimed += 1;
      } catch (error) {
        request.log.info({ taskId, err: (error as Error).message }, 'claim refused');
      }
    }
    await appendAudit(pool, { username: user.username, action: 'claim', detail: { taskIds, claimed } });
    return reply.redirect(`/worklist?claimed=${claimed}`, 303);
  });
};
