import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { actingUserPattern } from './access.ts';

const probePrefixes = ['/health/', '/metrics'];
// The console names the person it acts for (`X-Acting-User`); only a plain user name is logged.

/**
 * One line per request instead of fastify's two ("incoming request" + "request completed"),
 * carrying the route pattern; probes and scrapes log at debug so they do not drown real traffic.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const route = request.routeOptions.url;
    const actingUser = request.headers['x-acting-user'];
    const entry = {
      method: request.method,
      route: route ?? null,
      url: request.url,
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      ...(typeof actingUser === 'string' && actingUserPattern.test(actingUser) ? { actingUser } : {}),
    };
    if (error) {
      reply.log.error({ ...entry, err: error }, 'request errored');
    } else if (route !== undefined && probePrefixes.some((prefix) => route.startsWith(prefix))) {
      reply.log.debug(entry, 'request completed');
    } else {
      reply.log.info(entry, 'request completed');
    }
  }
}
