import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import { type PlatformApi, platformApi } from '../clients/platform-api.ts';
import { BLOCK_REASONS, type CollectorTask, type CustomerProfile } from '../clients/types.ts';
import type { ConsoleConfig } from '../config.ts';
import { auditOfCustomer } from '../db/audit.queries.ts';
import { dayIn } from '../domain/local-day.ts';
import { openItemsPage } from '../domain/open-items-page.ts';
import { customerAction } from './customer-action.ts';
import { field } from './forms.ts';
import { visibleCustomer } from './portfolio.ts';
import { renderPage } from './render.ts';

// The contracts' OverdueReason, in the order collectors meet them.
export const OVERDUE_REASONS = [
  'cash-flow',
  'contract-dispute',
  'operational',
  'bad-credit',
  'logistics',
  'malicious',
  'other',
] as const;

export const OUTCOMES = ['promise-to-pay', 'no-answer', 'wrong-contact', 'paid'] as const;

/** The tasks of this customer in its collector's queue (the ones an outcome can be recorded on). */
async function customerTasks(api: PlatformApi, profile: CustomerProfile): Promise<CollectorTask[]> {
  if (!profile.collectorId) return [];
  const tasks = await api.dunning.tasks(profile.collectorId, true);
  return tasks.filter((task) => task.customerId === profile.customerId);
}

export const customerRoutes: FastifyPluginAsync<{ config: ConsoleConfig; pool: pg.Pool }> = async (
  app,
  deps,
) => {
  const { config, pool } = deps;
  app.get<{ Params: { customerId: string }; Querystring: { done?: string; page?: string } }>(
    '/customers/:customerId',
    async (request, reply) => {
      const api = platformApi(config, request.user!.username);
      const profile = await visibleCustomer(api, request, reply, request.params.customerId);
      if (!profile) return reply;
      const customerId = profile.customerId;
      const [statement, risk, notices, tasks, audit, blocks] = await Promise.all([
        api.invoices.statement(customerId),
        api.risk.of(customerId),
        api.notifications.ofCustomer(customerId),
        customerTasks(api, profile),
        auditOfCustomer(pool, customerId),
        api.dunning.blocksOf(customerId),
      ]);
      // One call for the shown page of items, not every open invoice of a large customer.
      const shown = openItemsPage(statement.openItems, request.query.page);
      const cases = await api.dunning.casesOf(shown.items.map((item) => item.invoiceId));
      const items = shown.items.map((item) => ({ item, dunning: cases.get(item.invoiceId) }));
      return renderPage(request, reply, 'customer', {
        profile,
        timeZone: profile.timezone ?? 'UTC',
        dayIn,
        statement,
        items,
        page: shown.page,
        pages: shown.pages,
        pageHref: (page: number) => `/customers/${encodeURIComponent(customerId)}?page=${page}`,
        inLegal: items.filter(({ dunning }) => dunning?.status === 'legal').map(({ item }) => item),
        // Newest first; lifted and ended blocks stay listed under the ones holding.
        blocks: [...blocks].reverse().sort((a, b) => Number(b.active) - Number(a.active)),
        blockReasons: BLOCK_REASONS,
        charges: statement.charges ?? [],
        numberOf: (invoiceId: string) =>
          statement.openItems.find((item) => item.invoiceId === invoiceId)?.number ?? invoiceId,
        risk,
        notices,
        tasks,
        actionable: tasks.filter((task) => task.status === 'open' || task.status === 'claimed'),
        audit,
        outcomes: OUTCOMES,
        reasons: OVERDUE_REASONS,
        saved: request.query.done === '1',
      });
    },
  );

  customerAction(app, deps, '/customers/:customerId/outcome', async (request, action) => {
    const { api, profile, user } = action;
    const taskId = field(request.body, 'taskId') ?? '';
    const task = (await customerTasks(api, profile)).find((t) => t.taskId === taskId);
    // Between the page and the post the task may have been done, closed, or re-queued to another
    // collector (the sweeper moves tasks left unclaimed past their SLA).
    if (!task) return action.taskGone();
    const outcome = field(request.body, 'outcome') ?? '';
    const overdueReason = field(request.body, 'overdueReason');
    const note = field(request.body, 'note');
    const body: Record<string, unknown> = {
      outcome,
      ...(overdueReason ? { overdueReason } : {}),
      ...(note ? { note } : {}),
      ...(outcome === 'promise-to-pay'
        ? {
            promise: {
              date: field(request.body, 'promiseDate') ?? '',
              amount: field(request.body, 'promiseAmount') ?? '',
            },
          }
        : {}),
    };
    // An outcome is recorded on a claimed task: claim it first for the collector whose queue holds it.
    if (task.status === 'open')
      await api.dunning.claim(task.taskId, task.collectorId ?? user.collectorId ?? '');
    await api.dunning.outcome(task.taskId, body);
    await action.audit('outcome', { taskId, ...body });
    return action.done();
  });

  customerAction(app, deps, '/customers/:customerId/dispute', async (request, action) => {
    const invoiceId = field(request.body, 'invoiceId') ?? '';
    if (!(await action.ownsOpenInvoice(invoiceId))) return action.notFound('action.dispute');
    const disputeId = `console-${randomUUID()}`;
    const reason = field(request.body, 'reason') ?? '';
    await action.api.invoices.openDispute(invoiceId, { disputeId, reason });
    await action.audit('dispute', { invoiceId, disputeId, reason });
    return action.done();
  });

  // Hands an open invoice's case to legal: dunning sends no more notices and moves its tasks to the legal queue.
  customerAction(app, deps, '/customers/:customerId/legal', async (request, action) => {
    const invoiceId = field(request.body, 'invoiceId') ?? '';
    if (!(await action.ownsOpenInvoice(invoiceId))) return action.notFound('action.legal');
    const reason = field(request.body, 'reason') ?? '';
    await action.api.dunning.handToLegal(invoiceId, reason);
    await action.audit('legal', { invoiceId, reason });
    return action.done();
  });

  customerAction(app, deps, '/customers/:customerId/note', async (request, action) => {
    const note = (field(request.body, 'note') ?? '').slice(0, 2000);
    if (note) await action.audit('note', { note });
    return action.done();
  });
};
