import { Channel, EntityId } from '@dunning/contracts';
import {
  type FastifyPluginAsyncZod,
  HttpProblem,
  pdfResponse,
  problemResponse,
} from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { findDelivery, listDeliveries } from '../db/deliveries.queries.ts';
import { findLetter } from '../db/letters.queries.ts';
import {
  NotificationDetail,
  NotificationStatus,
  NotificationSummary,
  notificationDetail,
  notificationSummary,
} from './notification-view.ts';

export interface NotificationsRoutesOptions {
  pool: pg.Pool;
}

export const notificationsRoutes: FastifyPluginAsyncZod<NotificationsRoutesOptions> = async (
  app,
  { pool },
) => {
  app.get(
    '/v1/notifications',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['notifications'],
        operationId: 'listNotifications',
        summary: 'The delivery log, newest first',
        querystring: z.strictObject({
          invoiceId: EntityId.optional(),
          customerId: EntityId.optional(),
          channel: Channel.optional(),
          status: NotificationStatus.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(NotificationSummary) }) },
      },
    },
    async (request) => {
      const rows = await listDeliveries(pool, request.query);
      return { items: rows.map(notificationSummary) };
    },
  );

  app.get(
    '/v1/notifications/:id',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['notifications'],
        operationId: 'getNotification',
        summary: 'One notification with its rendered subject and body',
        params: z.object({ id: EntityId }),
        response: { 200: NotificationDetail, 404: problemResponse('No such notification') },
      },
    },
    async (request) => {
      const row = await findDelivery(pool, request.params.id);
      if (!row) throw new HttpProblem({ status: 404, detail: `no notification ${request.params.id}` });
      return notificationDetail(row);
    },
  );

  app.get(
    '/v1/letters/:id',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['notifications'],
        operationId: 'getLetterPdf',
        summary: 'The PDF of a sent letter (application/pdf), as stored; its sha256 is in X-Content-SHA256',
        params: z.object({ id: EntityId.meta({ description: 'The notification id' }) }),
        response: {
          200: pdfResponse('The letter as it was sent'),
          404: problemResponse('No letter for this notification'),
        },
      },
    },
    async (request, reply) => {
      const letter = await findLetter(pool, request.params.id);
      if (!letter)
        throw new HttpProblem({ status: 404, detail: `no letter for notification ${request.params.id}` });
      return reply
        .header('content-type', 'application/pdf')
        .header('x-content-sha256', letter.sha256)
        .header('content-disposition', `inline; filename="${request.params.id}.pdf"`)
        .send(letter.pdf);
    },
  );
};
