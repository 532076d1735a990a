import { RequestLogController, registerServerTiming } from '@dunning/service-runtime';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { ServiceCallError } from './clients/api-client.ts';
import type { ConsoleConfig } from './config.ts';
import { customerRoutes } from './http/customer.routes.ts';
import { dunningControlsRoutes } from './http/dunning-controls.routes.ts';
import { registerFormParser } from './http/forms.ts';
import { healthRoutes } from './http/health.routes.ts';
import { insightRoutes } from './http/insight.routes.ts';
import { legalRoutes } from './http/legal.routes.ts';
import { loginRoutes } from './http/login.routes.ts';
import { noticesRoutes } from './http/notices.routes.ts';
import { opsRoutes } from './http/ops.routes.ts';
import { proposalRoutes } from './http/proposal.routes.ts';
import { relayRoutes } from './http/relay.routes.ts';
import { renderPage } from './http/render.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerSessions, type SessionOptions } from './http/session.ts';
import { staticRoutes } from './http/static.routes.ts';
import { usersRoutes } from './http/users.routes.ts';
import { worklistRoutes } from './http/worklist.routes.ts';

export interface ConsoleAppDeps {
  config: ConsoleConfig;
  pool: pg.Pool;
  logger: FastifyBaseLogger;
  now?: () => Date;
}

/** Builds (never listens) the console: sessions and CSRF first, then the pages. */
export function buildConsoleApp({
  config,
  pool,
  logger,
  now = () => new Date(),
}: ConsoleAppDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    trustProxy: false,
    bodyLimit: 64 * 1024,
    // Relayed task feeds stay open as long as a worklist is: shutting down must not wait for them.
    forceCloseConnections: true,
    // One line per request, like the services (method, route, status, duration; never bodies).
    logController: new RequestLogController(),
  });
  const sessions: SessionOptions = {
    pool,
    secureCookies: config.CONSOLE_COOKIE_SECURE,
    sessionHours: config.CONSOLE_SESSION_HOURS,
    now,
  };
  registerServerTiming(app);
  registerFormParser(app);
  registerSecurityHeaders(app);
  registerSessions(app, sessions);

  app.setNotFoundHandler((request, reply) =>
    renderPage(request, reply, 'error', { titleKey: 'error.notFound', messageKey: 'error.notFound' }, 404),
  );
  app.setErrorHandler((error, request, reply) => {
    // A service's refusal (a 4xx with its reason) is shown to the user; anything else is a 502/500.
    if (error instanceof ServiceCallError) {
      request.log.warn({ err: error.message }, 'service call failed');
      const status = error.status >= 400 && error.status < 500 ? 422 : 502;
      return renderPage(
        request,
        reply,
        'error',
        { titleKey: 'error.forbiddenTitle', messageKey: 'error.service', detail: error.message },
        status,
      );
    }
    request.log.error({ err: error }, 'console error');
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return renderPage(
      request,
      reply,
      'error',
      { titleKey: 'error.notFound', messageKey: 'error.service', detail: String(status) },
      status >= 400 && status < 600 ? status : 500,
    );
  });

  app.register(healthRoutes, { pool });
  app.register(staticRoutes);
  app.register(loginRoutes, { ...sessions, attemptsPerMinute: config.CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE });
  app.register(opsRoutes, { config, now });
  app.register(insightRoutes, { config, now });
  app.register(proposalRoutes, { config, now });
  app.register(legalRoutes, { config });
  app.register(worklistRoutes, { config, pool });
  app.register(customerRoutes, { config, pool });
  app.register(dunningControlsRoutes, { config, pool });
  app.register(noticesRoutes, { config });
  app.register(usersRoutes, { pool });
  app.register(relayRoutes, { config });
  return app;
}
