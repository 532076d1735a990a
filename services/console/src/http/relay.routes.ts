import type { FastifyPluginAsync } from 'fastify';
import { platformApi, type ServiceKey } from '../clients/platform-api.ts';
import type { ConsoleConfig } from '../config.ts';

const RELAYED: readonly ServiceKey[] = ['invoices', 'credit-risk', 'dunning', 'notifications'];
/** Only the services' API docs and queue boards are relayed; nothing else passes through. */
const RELAYED_PATH = /^(docs(\/.*)?|ops\/queues(\/.*)?)$/;

/**
 * The services' `/docs` and `/ops/queues` need an API key a browser cannot send; a signed-in ops user
 * reads them through the console, which adds its own key. GET only: the boards are read-only.
 */
export const relayRoutes: FastifyPluginAsync<{ config: ConsoleConfig }> = async (app, { config }) => {
  app.get<{ Params: { service: string; '*': string } }>(
    '/ops/relay/:service/*',
    { config: { page: ['ops', 'admin'] } },
    async (request, reply) => {
      const service = request.params.service as ServiceKey;
      const path = request.params['*'];
      if (!RELAYED.includes(service) || !RELAYED_PATH.test(path) || path.includes('..')) {
        return reply.status(404).type('text/plain').send('not relayed');
      }
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const api = platformApi(config, request.user!.username);
      const response = await api.raw[service].raw(`/${path}${search}`, {
        method: 'GET',
        accept: request.headers.accept ?? '*/*',
      });
      const type = response.headers.get('content-type');
      if (type) reply.type(type);
      // The relayed pages bring their own scripts and styles: they keep a policy that allows only those.
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      );
      return reply.status(response.status).send(Buffer.from(await response.arrayBuffer()));
    },
  );
};
