import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { platformApi } from '../clients/platform-api.ts';
import { BLOCK_REASONS } from '../clients/types.ts';
import type { ConsoleConfig } from '../config.ts';
import { appendAudit } from '../db/audit.queries.ts';
import { startOfDayIn } from '../domain/local-day.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { field } from './forms.ts';
import { visibleCustomer } from './portfolio.ts';
import { renderPage } from './render.ts';

/** Who may act on a customer: collectors (on their portfolio) and admins; ops only read. */
const ACTORS = { config: { page: ['collector', 'admin'] as const } };

const notFound = (request: FastifyRequest, reply: FastifyReply, titleKey: MessageKey) =>
  renderPage(request, reply, 'error', { titleKey, messageKey: 'error.notFound' }, 404);
const invalid = (request: FastifyRequest, reply: FastifyReply, titleKey: MessageKey) =>
  renderPage(request, reply, 'error', { titleKey, messageKey: 'error.invalid' }, 422);

/**
 * The customer page's dunning controls: blocks placed and lifted, a case taken back from legal, a
 * charge waived. Each acts through dunning's or the ledger's API and only on this customer's own
 * invoices, blocks and charges (a collector on their portfolio, as every action).
 */
export const dunningControlsRoutes: FastifyPluginAsync<{ config: ConsoleConfig; pool: pg.Pool }> = async (
  app,
  { config, pool },
) => {
  const back = (reply: FastifyReply, customerId: string) =>
    reply.redirect(`/customers/${encodeURIComponent(customerId)}?done=1`, 303);

  app.post<{ Params: { customerId: string } }>(
    '/customers/:customerId/blocks',
    ACTORS,
    async (request, reply) => {
      const user = request.user!;
      const api = platformApi(config, user.username);
      const profile = await visibleCustomer(api, request, reply, request.params.customerId);
      if (!profile) return reply;
      const target = field(request.body, 'target') ?? 'customer';
      const reason = field(request.body, 'reason') ?? '';
      const note = field(request.body, 'note')?.slice(0, 2000);
      const untilDay = field(request.body, 'until');
      if (!(BLOCK_REASONS as readonly string[]).includes(reason))
        return invalid(request, reply, 'block.place');
      let until: string | undefined;
      if (untilDay) {
        try {
          until = startOfDayIn(untilDay, profile.timezone ?? 'UTC').toISOString();
        } catch {
          return invalid(request, reply, 'block.place');
        }
      }
      if (target !== 'customer') {
        const statement = await api.invoices.statement(profile.customerId);
        if (!statement.openItems.some((item) => item.invoiceId === target))
          return notFound(request, reply, 'block.place');
      }
      const blockId = `console-${randomUUID()}`;
      const body = { blockId, reason, ...(note ? { note } : {}), ...(until ? { until } : {}) };
      await api.dunning.placeBlock(
        target === 'customer' ? { customerId: profile.customerId } : { invoiceId: target },
        body,
      );
      await appendAudit(pool, {
        username: user.username,
        action: 'block-placed',
        customerId: profile.customerId,
        detail: { target, ...body },
      });
      return back(reply, profile.customerId);
    },
  );

  app.post<{ Params: { customerId: string; blockId: string } }>(
    '/customers/:customerId/blocks/:blockId/lift',
    ACTORS,
    async (request, reply) => {
      const user = request.user!;
      const api = platformApi(config, user.username);
      const profile = await visibleCustomer(api, request, reply, request.params.customerId);
      if (!profile) return reply;
      const block = await api.dunning.block(request.params.blockId);
      if (!block || block.customerId !== profile.customerId) return notFound(request, reply, 'block.lift');
      await api.dunning.liftBlock(block.blockId);
      await appendAudit(pool, {
        username: user.username,
        action: 'block-lifted',
        customerId: profile.customerId,
        detail: { blockId: block.blockId, reason: block.reason },
      });
      return back(reply, profile.customerId);
    },
  );

  app.post<{ Params: { customerId: string } }>(
    '/customers/:customerId/legal/withdraw',
    ACTORS,
    async (request, reply) => {
      const user = request.user!;
      const api = platformApi(config, user.username);
      const profile = await visibleCustomer(api, request, reply, request.params.customerId);
      if (!profile) return reply;
      const invoiceId = field(request.body, 'invoiceId') ?? '';
      const reason = field(request.body, 'reason') ?? '';
      const statement = await api.invoices.statement(profile.customerId);
      if (!statement.openItems.some((item) => item.invoiceId === invoiceId))
        return notFound(request, reply, 'legal.withdraw');
      await api.dunning.withdrawFromLegal(invoiceId, reason);
      await appendAudit(pool, {
        username: user.username,
        action: 'legal-withdrawn',
        customerId: profile.customerId,
        detail: { invoiceId, reason },
      });
      return back(reply, profile.customerId);
    },
  );

  app.post<{ Params: { customerId: string; chargeId: string } }>(
    '/customers/:customerId/charges/:chargeId/waive',
    ACTORS,
    async (request, reply) => {
      const user = request.user!;
      const api = platformApi(config, user.username);
      const profile = await visibleCustomer(api, request, reply, request.params.customerId);
      if (!profile) return reply;
      const statement = await api.invoices.statement(profile.customerId);
      const charge = statement.charges?.find((c) => c.chargeId === request.params.chargeId);
      if (!charge) return notFound(request, reply, 'charge.waive');
      const reason = field(request.body, 'reason') ?? '';
      await api.invoices.waiveCharge(charge.chargeId, reason);
      await appendAudit(pool, {
        username: user.username,
        action: 'charge-waived',
        customerId: profile.customerId,
        detail: { chargeId: charge.chargeId, reason },
      });
      return back(reply, profile.customerId);
    },
  );
};
