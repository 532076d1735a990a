import type { FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import { addUser, NewUser } from '../commands/add-user.ts';
import { appendAudit } from '../db/audit.queries.ts';
import { listUsers } from '../db/users.queries.ts';
import { locales } from '../i18n/messages.ts';
import { field } from './forms.ts';
import { pageHelpers, renderPage } from './render.ts';

export const usersRoutes: FastifyPluginAsync<{ pool: pg.Pool }> = async (app, { pool }) => {
  const page = async (
    request: Parameters<typeof renderPage>[0],
    reply: Parameters<typeof renderPage>[1],
    message?: { kind: 'notice' | 'alert'; text: string },
    status = 200,
  ) => renderPage(request, reply, 'users', { users: await listUsers(pool), locales, message }, status);

  app.get('/admin/users', { config: { page: ['admin'] } }, async (request, reply) => page(request, reply));

  app.post('/admin/users', { config: { page: ['admin'] } }, async (request, reply) => {
    const h = pageHelpers(request);
    const role = field(request.body, 'role');
    const collectorId = field(request.body, 'collectorId');
    const parsed = NewUser.safeParse({
      username: (field(request.body, 'username') ?? '').toLowerCase(),
      password: field(request.body, 'password') ?? '',
      role,
      ...(collectorId ? { collectorId } : {}),
      locale: field(request.body, 'locale') ?? 'en',
    });
    if (!parsed.success) return page(request, reply, { kind: 'alert', text: h.t('users.invalid') }, 400);
    if ((await addUser(pool, parsed.data)) === 'taken') {
      return page(request, reply, { kind: 'alert', text: h.t('users.exists') }, 409);
    }
    await appendAudit(pool, {
      username: request.user!.username,
      action: 'add-user',
      detail: { username: parsed.data.username, role: parsed.data.role },
    });
    return page(
      request,
      reply,
      { kind: 'notice', text: h.t('users.added', { username: parsed.data.username }) },
      201,
    );
  });
};
