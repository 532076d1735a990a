import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { type PlatformApi, platformApi } from '../clients/platform-api.ts';
import type { ConsoleConfig } from '../config.ts';
import { daysOverdue, parseProposalFilter, proposalPage, proposalQuery } from '../domain/proposal.ts';
import { renderPage } from './render.ts';

const OPS = { config: { page: ['ops', 'admin'] as const } };

interface PreviewQuery {
  customerId?: string;
  step?: string;
  level?: string;
  invoiceIds?: string;
}

/**
 * The notice an item of the proposal would send, rendered by notifications from the customer's
 * profile and open items. The template is notifications' own of the step's name (`reminder`,
 * `final-notice`…, what a policy's `dunning.<step>` key resolves to): the proposal names the step, not
 * the policy's template key.
 */
async function previewBody(api: PlatformApi, query: PreviewQuery, now: Date) {
  const customerId = query.customerId ?? '';
  const step = query.step ?? '';
  if (!customerId || !/^[a-z0-9][a-z0-9._-]*$/.test(step)) return undefined;
  const [profile, statement] = await Promise.all([
    api.invoices.customer(customerId),
    api.invoices.statement(customerId),
  ]);
  if (!profile) return undefined;
  const wanted = new Set((query.invoiceIds ?? '').split(',').filter(Boolean));
  const level = Math.max(0, Math.min(4, Number(query.level) || 0));
  const invoices = statement.openItems
    .filter((item) => wanted.has(item.invoiceId) && Number(item.balance) > 0)
    .map((item) => ({
      invoiceId: item.invoiceId,
      number: item.number,
      currency: item.currency,
      amount: item.amount,
      balance: item.balance,
      dueDate: item.dueDate,
      daysOverdue: daysOverdue(item.dueDate, now),
      level,
    }));
  if (invoices.length === 0) return undefined;
  return {
    templateKey: step,
    body: {
      locale: profile.locale ?? 'en',
      customer: {
        customerId,
        name: profile.name,
        ...(profile.timezone ? { timezone: profile.timezone } : {}),
      },
      step,
      level,
      invoices,
    },
    profile,
  };
}

export const proposalRoutes: FastifyPluginAsync<{ config: ConsoleConfig; now: () => Date }> = async (
  app,
  { config, now },
) => {
  app.get<{ Querystring: Record<string, string> }>('/ops/proposal', OPS, async (request, reply) => {
    const api = platformApi(config, request.user!.username);
    const filter = parseProposalFilter(request.query, now());
    const items = await api.dunning.proposal({
      until: filter.until,
      ...(filter.customerId ? { customerId: filter.customerId } : {}),
      ...(filter.collectorId ? { collectorId: filter.collectorId } : {}),
    });
    const shown = proposalPage(items, filter);
    // htmx asks for the list alone when a filter changes (the page without JavaScript: the whole page).
    const fragment =
      request.headers['hx-request'] === 'true' && !request.headers['hx-history-restore-request'];
    reply.header('vary', 'HX-Request');
    return renderPage(request, reply, fragment ? 'proposal-results' : 'proposal', {
      filter,
      ...shown,
      pageHref: (page: number) => `/ops/proposal?${proposalQuery(filter, page)}`,
      previewHref: (item: { customerId: string; step: string; level: number; invoiceIds: string[] }) =>
        `/ops/proposal/preview?${new URLSearchParams({
          customerId: item.customerId,
          step: item.step,
          level: String(item.level),
          invoiceIds: item.invoiceIds.join(','),
        })}`,
    });
  });

  const notFound = (request: FastifyRequest, reply: Parameters<typeof renderPage>[1]) =>
    renderPage(request, reply, 'error', { titleKey: 'proposal.preview', messageKey: 'error.notFound' }, 404);

  app.get<{ Querystring: PreviewQuery }>('/ops/proposal/preview', OPS, async (request, reply) => {
    const api = platformApi(config, request.user!.username);
    const built = await previewBody(api, request.query, now());
    if (!built) return notFound(request, reply);
    const preview = await api.notifications.preview(built.templateKey, built.body);
    return renderPage(request, reply, 'proposal-preview', {
      preview,
      profile: built.profile,
      step: built.body.step,
      invoices: built.body.invoices,
      letterHref: `/ops/proposal/preview/letter.pdf?${new URLSearchParams(request.query as Record<string, string>)}`,
    });
  });

  app.get<{ Querystring: PreviewQuery }>('/ops/proposal/preview/letter.pdf', OPS, async (request, reply) => {
    const api = platformApi(config, request.user!.username);
    const built = await previewBody(api, request.query, now());
    if (!built) return notFound(request, reply);
    const response = await api.notifications.previewLetter(built.templateKey, built.body);
    if (!response.ok) return notFound(request, reply);
    return reply
      .type('application/pdf')
      .header('content-disposition', 'inline; filename="preview.pdf"')
      .send(Buffer.from(await response.arrayBuffer()));
  });
};
