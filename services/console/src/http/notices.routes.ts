import type { FastifyPluginAsync } from 'fastify';
import { platformApi } from '../clients/platform-api.ts';
import type { ConsoleConfig } from '../config.ts';
import { visibleCustomer } from './portfolio.ts';
import { renderPage } from './render.ts';

type NoticeParams = { Params: { customerId: string; notificationId: string } };

/** A notice the customer was sent: the email or SMS text, and the letter's PDF through the console. */
export const noticesRoutes: FastifyPluginAsync<{ config: ConsoleConfig }> = async (app, { config }) => {
  const noticeOf = async (
    request: Parameters<typeof renderPage>[0],
    reply: Parameters<typeof renderPage>[1],
  ) => {
    const { customerId, notificationId } = request.params as NoticeParams['Params'];
    const api = platformApi(config, request.user!.username);
    const profile = await visibleCustomer(api, request, reply, customerId);
    if (!profile) return undefined;
    const notice = await api.notifications.detail(notificationId);
    // A notice of another customer is not found here, whoever asks.
    if (!notice || notice.customerId !== profile.customerId) {
      await renderPage(
        request,
        reply,
        'error',
        { titleKey: 'customer.notices', messageKey: 'error.notFound' },
        404,
      );
      return undefined;
    }
    return { api, profile, notice };
  };

  app.get<NoticeParams>('/customers/:customerId/notices/:notificationId', async (request, reply) => {
    const found = await noticeOf(request, reply);
    if (!found) return reply;
    return renderPage(request, reply, 'notice', {
      profile: found.profile,
      notice: found.notice,
      timeZone: found.profile.timezone ?? 'UTC',
    });
  });

  app.get<NoticeParams>(
    '/customers/:customerId/notices/:notificationId/letter.pdf',
    async (request, reply) => {
      const found = await noticeOf(request, reply);
      if (!found) return reply;
      const letterUrl = found.notice.letterUrl;
      if (!letterUrl?.startsWith('/v1/letters/')) {
        return renderPage(
          request,
          reply,
          'error',
          { titleKey: 'customer.notices', messageKey: 'error.notFound' },
          404,
        );
      }
      const response = await found.api.raw.notifications.raw(letterUrl, {
        method: 'GET',
        accept: 'application/pdf',
      });
      if (!response.ok) return reply.status(502).type('text/plain').send('letter unavailable');
      return reply.type('application/pdf').send(Buffer.from(await response.arrayBuffer()));
    },
  );
};
