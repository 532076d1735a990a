import { DunningBlockReason, EntityId, formatMinorUnits, Instant } from '@dunning/contracts';
import { type FastifyPluginAsyncZod, HttpProblem } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import type { CommandContext } from '../commands/command-context.ts';
import { PROPOSAL_CUSTOMER_LIMIT, proposeDunningRuns } from '../commands/propose-runs.ts';

const ExclusionReason = z.enum([
  ...DunningBlockReason.options,
  'below-minimum',
  'min-interval',
  'quiet-hours',
]);

const ProposalItem = z.object({
  customerId: z.string(),
  currency: z.string(),
  level: z.number().meta({ description: 'The notice level (0–4) it goes out at, or would' }),
  step: z.string().meta({ description: "The leading step's name (its template and actions)" }),
  invoiceIds: z.array(z.string()),
  amount: z.string().meta({ description: 'Open balance of the invoices listed, decimal string' }),
  dueAt: z.string().meta({ description: 'When it goes out; held back: when it fell due' }),
  channels: z.array(z.string()),
  excluded: z
    .object({
      reason: ExclusionReason.meta({
        description:
          'A block code (dispute, promise, legal, vip, bankruptcy, manual: blocked with that reason; dispute and promise also for a disputed case or a pending promise to pay), below-minimum, min-interval (the minimum interval since the last notice, or one notice a day per customer and currency), quiet-hours (the send window opens after until)',
      }),
      detail: z.string(),
    })
    .nullable(),
});

export const proposalRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; context: CommandContext }> = async (
  app,
  { pool, context },
) => {
  app.get(
    '/v1/dunning-runs/proposal',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['dunning-runs'],
        operationId: 'proposeDunningRuns',
        summary:
          'The dunning proposal: every notice that goes out from now until `until`, per customer and currency, and everything held back with why — decided by the rules that run the steps',
        querystring: z.strictObject({
          until: Instant,
          customerId: EntityId.optional(),
          collectorId: EntityId.optional().meta({
            description:
              "Customers the collector looks after: their ERP profile's collector, the collector's portfolio, or an unfinished task of theirs",
          }),
        }),
        response: { 200: z.object({ items: z.array(ProposalItem) }) },
      },
    },
    async (request) => {
      const { until, customerId, collectorId } = request.query;
      const untilDate = new Date(until);
      if (untilDate.getTime() < context.now().getTime())
        throw new HttpProblem({
          status: 400,
          title: 'Invalid request',
          detail: 'until must not be in the past',
          extensions: { errors: [{ path: 'querystring.until', message: 'must not be in the past' }] },
        });
      const items = await proposeDunningRuns(pool, context, untilDate, { customerId, collectorId });
      request.log.debug({ items: items.length, limit: PROPOSAL_CUSTOMER_LIMIT }, 'dunning proposal');
      return {
        items: items.map((i) => ({
          customerId: i.customerId,
          currency: i.currency,
          level: i.level,
          step: i.step,
          invoiceIds: i.invoiceIds,
          amount: formatMinorUnits(i.amountMinor, i.currency),
          dueAt: new Date(i.atMs).toISOString(),
          channels: i.channels,
          excluded: i.excluded,
        })),
      };
    },
  );
};
