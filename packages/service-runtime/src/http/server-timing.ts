import type { FastifyInstance } from 'fastify';

const startedAt = Symbol('serverTimingStart');

/**
 * `Server-Timing: app;dur=<ms>` on every response: the time from the request's arrival to its
 * payload being ready (routing, handler, rendering, serialisation), so a benchmark can tell server
 * time from the client's and the network's.
 */
export function registerServerTiming(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    (request as unknown as Record<symbol, bigint>)[startedAt] = process.hrtime.bigint();
  });
  app.addHook('onSend', async (request, reply) => {
    const start = (request as unknown as Record<symbol, bigint | undefined>)[startedAt];
    if (start === undefined) return;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    reply.header('server-timing', `app;dur=${ms.toFixed(1)}`);
  });
}
