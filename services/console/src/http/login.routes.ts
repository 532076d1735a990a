import type { FastifyPluginAsync } from 'fastify';
import { passwordMatches } from '../commands/passwords.ts';
import { appendAudit } from '../db/audit.queries.ts';
import { findUser } from '../db/users.queries.ts';
import { field } from './forms.ts';
import { loginLimiter } from './login-limiter.ts';
import { renderPage } from './render.ts';
import {
  cookie,
  endSession,
  LOGIN_CSRF_COOKIE,
  newToken,
  type SessionOptions,
  startSession,
} from './session.ts';

export const loginRoutes: FastifyPluginAsync<SessionOptions & { attemptsPerMinute: number }> = async (
  app,
  options,
) => {
  const limiter = loginLimiter(options.attemptsPerMinute);
  const showForm = (
    request: Parameters<typeof renderPage>[0],
    reply: Parameters<typeof renderPage>[1],
    status = 200,
    failed = false,
  ) => {
    const token = newToken();
    request.loginCsrf = token;
    reply.header(
      'set-cookie',
      cookie(LOGIN_CSRF_COOKIE, token, { secure: options.secureCookies, maxAgeSeconds: 3600 }),
    );
    return renderPage(request, reply, 'login', { failed }, status);
  };

  app.get('/login', { config: { page: 'public' } }, async (request, reply) => {
    if (request.user) return reply.redirect('/', 303);
    return showForm(request, reply);
  });

  app.post('/login', { config: { page: 'public' } }, async (request, reply) => {
    if (!limiter.allow(request.ip)) {
      return renderPage(
        request,
        reply,
        'error',
        { titleKey: 'login.title', messageKey: 'error.tooMany' },
        429,
      );
    }
    const username = (field(request.body, 'username') ?? '').toLowerCase();
    const password = field(request.body, 'password') ?? '';
    const user = username.length <= 64 ? await findUser(options.pool, username) : undefined;
    if (!(await passwordMatches(user?.password_hash, password)) || !user) {
      return showForm(request, reply, 401, true);
    }
    await startSession(options, reply, user.username);
    await appendAudit(options.pool, { username: user.username, action: 'sign-in' });
    return reply.redirect('/', 303);
  });

  app.post('/logout', async (request, reply) => {
    await endSession(options, request, reply);
    return reply.redirect('/login', 303);
  });
};
