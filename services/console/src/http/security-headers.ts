import type { FastifyInstance } from 'fastify';

/**
 * No inline script or style anywhere: scripts and styles come only from the console itself (htmx and
 * the stylesheet under /static), so an injected `<script>` cannot run even if escaping were missed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    // The relayed API docs bring their own scripts; they get the services' own headers instead.
    if (!reply.getHeader('content-security-policy'))
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('cache-control', reply.getHeader('cache-control') ?? 'no-store');
  });
}
