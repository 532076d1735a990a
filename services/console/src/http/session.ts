import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { deleteSession, findSession, insertSession } from '../db/sessions.queries.ts';
import type { Role } from '../db/users.queries.ts';
import type { Locale } from '../i18n/messages.ts';
import { renderPage } from './render.ts';

export const SESSION_COOKIE = 'console_session';
export const LOGIN_CSRF_COOKIE = 'console_login_csrf';

export interface ConsoleUser {
  username: string;
  role: Role;
  collectorId: string | null;
  locale: Locale;
  csrfToken: string;
}

/** Who may open a page: anyone, or signed-in users of these roles. */
export type PageAccess = 'public' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    page?: PageAccess;
  }
  interface FastifyRequest {
    user?: ConsoleUser;
    sessionDigest?: string;
    /** The sign-in form's own CSRF token (double-submitted: cookie and hidden field). */
    loginCsrf?: string;
  }
}

export interface SessionOptions {
  pool: pg.Pool;
  secureCookies: boolean;
  sessionHours: number;
  now: () => Date;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return cookies;
}

export function cookie(
  name: string,
  value: string,
  options: { secure: boolean; maxAgeSeconds?: number },
): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAgeSeconds !== undefined ? [`Max-Age=${options.maxAgeSeconds}`] : []),
  ].join('; ');
}

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(sha256(a), 'hex');
  const right = Buffer.from(sha256(b), 'hex');
  return timingSafeEqual(left, right);
}

/**
 * Sessions: a random token in an HTTP-only, SameSite=Strict cookie, stored only as its SHA-256
 * with the user and a CSRF token of its own. Every page declares who may open it
 * (`config.page`, signed-in users of any role when silent); every POST must carry the session's CSRF
 * token (`_csrf`), or the sign-in form's double-submitted one, or it is refused with a 403 page.
 */
export function registerSessions(app: FastifyInstance, options: SessionOptions): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url === undefined) return;
    const cookies = parseCookies(request.headers.cookie);
    const token = cookies[SESSION_COOKIE];
    if (token) {
      const digest = sha256(token);
      const row = await findSession(options.pool, digest, options.now());
      if (row) {
        request.sessionDigest = digest;
        request.user = {
          username: row.username,
          role: row.role,
          collectorId: row.collector_id,
          locale: row.locale,
          csrfToken: row.csrf_token,
        };
      }
    }
    const access = request.routeOptions.config.page ?? (['collector', 'ops', 'admin'] as const);
    if (request.method === 'POST') {
      const sent =
        typeof request.body === 'object' && request.body !== null
          ? (request.body as Record<string, unknown>)._csrf
          : undefined;
      const expected = request.user ? request.user.csrfToken : cookies[LOGIN_CSRF_COOKIE];
      if (!sameToken(typeof sent === 'string' ? sent : undefined, expected)) {
        return renderPage(
          request,
          reply,
          'error',
          { titleKey: 'error.forbiddenTitle', messageKey: 'error.csrf' },
          403,
        );
      }
    }
    if (access === 'public') return;
    if (!request.user) {
      if (request.headers['hx-request']) return reply.status(401).header('hx-redirect', '/login').send();
      return reply.redirect('/login', 303);
    }
    if (!access.includes(request.user.role)) return forbidden(request, reply);
  });
}

export function forbidden(request: FastifyRequest, reply: FastifyReply) {
  return renderPage(
    request,
    reply,
    'error',
    { titleKey: 'error.forbiddenTitle', messageKey: 'error.forbidden' },
    403,
  );
}

export async function startSession(
  options: SessionOptions,
  reply: FastifyReply,
  username: string,
): Promise<void> {
  const token = newToken();
  const maxAgeSeconds = Math.round(options.sessionHours * 3600);
  await insertSession(options.pool, {
    tokenSha256: sha256(token),
    username,
    csrfToken: newToken(),
    expiresAt: new Date(options.now().getTime() + maxAgeSeconds * 1000),
  });
  reply.header('set-cookie', [
    cookie(SESSION_COOKIE, token, { secure: options.secureCookies, maxAgeSeconds }),
    cookie(LOGIN_CSRF_COOKIE, '', { secure: options.secureCookies, maxAgeSeconds: 0 }),
  ]);
}

export async function endSession(options: SessionOptions, request: FastifyRequest, reply: FastifyReply) {
  if (request.sessionDigest) await deleteSession(options.pool, request.sessionDigest);
  reply.header('set-cookie', cookie(SESSION_COOKIE, '', { secure: options.secureCookies, maxAgeSeconds: 0 }));
}
