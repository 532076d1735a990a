import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import { BLOCK_REASONS } from '../clients/types.ts';
import type { ConsoleConfig } from '../config.ts';
import { startOfDayIn } from '../domain/local-day.ts';
import { customerAction } from './customer-action.ts';
import { field } from './forms.ts';

/**
 * The customer page's dunning controls: blocks placed, changed and lifted, a case taken back from legal, a
 * charge waived. Each acts through dunning's or the ledger's API and only on this customer's own
 * invoices, blocks and charges (a collector on their portfolio, as every action).
 */
export const dunningControlsRoutes: FastifyPluginAsync<{ config: ConsoleConfig; pool: pg.Pool }> = async (
  app,
  deps,
) => {
  customerAction(app, deps, '/customers/:customerId/blocks', async (request, action) => {
    const { api, profile } = action;
    const target = field(request.body, 'target') ?? 'customer';
    const reason = field(request.body, 'reason') ?? '';
    const note = field(request.body, 'note')?.slice(0, 2000);
    const untilDay = field(request.body, 'until');
    if (!(BLOCK_REASONS as readonly string[]).includes(reason)) return action.invalid('block.place');
    let until: string | undefined;
    if (untilDay) {
      try {
        until = startOfDayIn(untilDay, profile.timezone ?? 'UTC').toISOString();
      } catch {
        return action.invalid('block.place');
      }
    }
    if (target !== 'customer' && !(await action.ownsOpenInvoice(target)))
      return action.notFound('block.place');
    const blockId = `console-${randomUUID()}`;
    const body = { blockId, reason, ...(note ? { note } : {}), ...(until ? { until } : {}) };
    await api.dunning.placeBlock(
      target === 'customer' ? { customerId: profile.customerId } : { invoiceId: target },
      body,
    );
    await action.audit('block-placed', { target, ...body });
    return action.done();
  });

  customerAction<{ customerId: string; blockId: string }>(
    app,
    deps,
    '/customers/:customerId/blocks/:blockId/lift',
    async (request, action) => {
      const block = await action.api.dunning.block(request.params.blockId);
      if (!block || block.customerId !== action.profile.customerId) return action.notFound('block.lift');
      await action.api.dunning.liftBlock(block.blockId);
      await action.audit('block-lifted', { blockId: block.blockId, reason: block.reason });
      return action.done();
    },
  );

  // Changes a holding block's reason, note or end; an empty note or day clears it.
  customerAction<{ customerId: string; blockId: string }>(
    app,
    deps,
    '/customers/:customerId/blocks/:blockId/edit',
    async (request, action) => {
      const { api, profile } = action;
      const reason = field(request.body, 'reason') ?? '';
      if (!(BLOCK_REASONS as readonly string[]).includes(reason)) return action.invalid('block.edit');
      const note = field(request.body, 'note')?.slice(0, 1000) || null;
      const untilDay = field(request.body, 'until');
      let until: string | null = null;
      if (untilDay) {
        try {
          until = startOfDayIn(untilDay, profile.timezone ?? 'UTC').toISOString();
        } catch {
          return action.invalid('block.edit');
        }
      }
      const block = await api.dunning.block(request.params.blockId);
      if (!block || block.customerId !== profile.customerId || !block.active)
        return action.notFound('block.edit');
      await api.dunning.changeBlock(block.blockId, { reason, note, until });
      await action.audit('block-changed', { blockId: block.blockId, reason, note, until });
      return action.done();
    },
  );

  customerAction(app, deps, '/customers/:customerId/legal/withdraw', async (request, action) => {
    const invoiceId = field(request.body, 'invoiceId') ?? '';
    const reason = field(request.body, 'reason') ?? '';
    if (!(await action.ownsOpenInvoice(invoiceId))) return action.notFound('legal.withdraw');
    await action.api.dunning.withdrawFromLegal(invoiceId, reason);
    await action.audit('legal-withdrawn', { invoiceId, reason });
    return action.done();
  });

  customerAction<{ customerId: string; chargeId: string }>(
    app,
    deps,
    '/customers/:customerId/charges/:chargeId/waive',
    async (request, action) => {
      const statement = await action.api.invoices.statement(action.profile.customerId);
      const charge = statement.charges?.find((c) => c.chargeId === request.params.chargeId);
      if (!charge) return action.notFound('charge.waive');
      const reason = field(request.body, 'reason') ?? '';
      await action.api.invoices.waiveCharge(charge.chargeId, reason);
      await action.audit('charge-waived', { chargeId: charge.chargeId, reason });
      return action.done();
    },
  );
};
