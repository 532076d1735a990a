import { Instant } from '@dunning/contracts';
import { type FastifyPluginAsyncZod, HttpProblem } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { deliveryCounts } from '../db/reports.queries.ts';
import { NotificationStatus } from './notification-view.ts';

type Status = z.infer<typeof NotificationStatus>;
type Counts = Record<Status, z.ZodNumber>;

const ChannelCounts = z.object({
  channel: z.string(),
  counts: z
    .object(Object.fromEntries(NotificationStatus.options.map((s) => [s, z.number().int()])) as Counts)
    .meta({ description: 'Notices per status (pending includes those being sent); 0 when none' }),
  total: z.number().int(),
});

const STATUSES = NotificationStatus.options;

export const reportsRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, { pool }) => {
  app.get(
    '/v1/reports/deliveries',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'deliveriesReport',
        summary: 'Notices requested in [from, to), counted per channel and status (computed in the database)',
        querystring: z.strictObject({ from: Instant, to: Instant }),
        response: {
          200: z.object({ from: z.string(), to: z.string(), channels: z.array(ChannelCounts) }),
        },
      },
    },
    async (request) => {
      const from = new Date(request.query.from);
      const to = new Date(request.query.to);
      if (to.getTime() <= from.getTime())
        throw new HttpProblem({
          status: 400,
          title: 'Invalid request',
          detail: 'to must be later than from',
          extensions: { errors: [{ path: 'querystring.to', message: 'must be later than from' }] },
        });
      const byChannel = new Map<string, z.infer<typeof ChannelCounts>>();
      for (const row of await deliveryCounts(pool, from, to)) {
        let entry = byChannel.get(row.channel);
        if (!entry) {
          entry = {
            channel: row.channel,
            counts: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>,
            total: 0,
          };
          byChannel.set(row.channel, entry);
        }
        entry.counts[row.status as Status] += row.count;
        entry.total += row.count;
      }
      return { from: from.toISOString(), to: to.toISOString(), channels: [...byChannel.values()] };
    },
  );
};
