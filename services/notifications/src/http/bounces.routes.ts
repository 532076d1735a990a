import { EntityId, Reason } from '@dunning/contracts';
import { type FastifyPluginAsyncZod, HttpProblem, problemResponse } from '@dunning/service-runtime';
import { z } from 'zod';
import { type OutcomeContext, recordBounced } from '../commands/record-outcome.ts';
import { findDelivery } from '../db/deliveries.queries.ts';
import { NotificationDetail, notificationDetail } from './notification-view.ts';

export interface BouncesRoutesOptions extends OutcomeContext {
  enqueue: (deliveryId: string) => Promise<void>;
  now: () => Date;
}

/**
 * The mail provider's bounce webhook. A bounce arrives after the SMTP server accepted the email, so
 * only the provider knows it; it is an integration posting a fact, hence the `erp:write` scope.
 */
export const bouncesRoutes: FastifyPluginAsyncZod<BouncesRoutesOptions> = async (app, options) => {
  app.post(
    '/v1/notifications/:id/bounce',
    {
      config: { access: 'erp:write' },
      schema: {
        tags: ['notifications'],
        operationId: 'reportBounce',
        summary:
          "Report a sent email as bounced: it fails for good and the notice goes out once on the policy's fallback channel",
        description:
          'Answers the notification (status failed, bouncedAt, fallbackDeliveryId). Reporting the same bounce again answers 200 and changes nothing.',
        params: z.object({ id: EntityId.meta({ description: 'The notification id of the email' }) }),
        body: z.strictObject({
          reason: Reason.meta({ description: "The provider's bounce reason, e.g. '550 5.1.1 user unknown'" }),
        }),
        response: {
          200: NotificationDetail,
          404: problemResponse('No such notification'),
          409: problemResponse('Not an email, or not sent (pending, dropped, or failed for another reason)'),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const delivery = await findDelivery(options.pool, id);
      if (!delivery) throw new HttpProblem({ status: 404, detail: `no notification ${id}` });
      const recorded = await recordBounced(options, delivery, {
        reason: request.body.reason,
        bouncedAt: options.now(),
      });
      if (recorded?.fallback) await options.enqueue(recorded.fallback.deliveryId);
      const current = (await findDelivery(options.pool, id))!;
      if (!recorded && current.bounced_at === null) {
        throw new HttpProblem({
          status: 409,
          detail: `notification ${id} is ${current.channel === 'email' ? `${current.status}, not sent` : `a ${current.channel}, not an email`}`,
        });
      }
      return notificationDetail(current);
    },
  );
};
