import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyPluginAsync } from 'fastify';

const require = createRequire(import.meta.url);
// htmx from node_modules, at the exact version package.json pins: no CDN, no build step.
const htmx = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'));
const css = readFileSync(new URL('../static/console.css', import.meta.url));
const worklistLive = readFileSync(new URL('../static/worklist-live.js', import.meta.url));

export const staticRoutes: FastifyPluginAsync = async (app) => {
  const asset = (body: Buffer, type: string) => ({
    config: { page: 'public' as const },
    handler: async (_request: unknown, reply: import('fastify').FastifyReply) =>
      reply.type(type).header('cache-control', 'public, max-age=3600').send(body),
  });
  app.get('/static/htmx.min.js', asset(htmx, 'text/javascript; charset=utf-8'));
  app.get('/static/console.css', asset(css, 'text/css; charset=utf-8'));
  app.get('/static/worklist-live.js', asset(worklistLive, 'text/javascript; charset=utf-8'));
};
