import type { FastifyPluginAsync } from 'fastify';
import type pg from 'pg';

/** Like every service: live when the process answers, ready when its PostgreSQL answers. */
export const healthRoutes: FastifyPluginAsync<{ pool: pg.Pool }> = async (app, { pool }) => {
  app.get('/health/live', { config: { page: 'public' } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { config: { page: 'public' } }, async (request, reply) => {
    try {
      await pool.query('SELECT 1');
      return { status: 'ok', checks: { postgres: 'ok' } };
    } catch (error) {
      request.log.warn({ err: (error as Error).message }, 'readiness check failed');
      return reply
        .status(503)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: 'Service Unavailable',
          status: 503,
          detail: 'Failing checks: postgres',
          checks: { postgres: 'failed' },
        });
    }
  });
};
