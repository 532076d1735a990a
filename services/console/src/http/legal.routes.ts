import type { FastifyPluginAsync } from 'fastify';
import { platformApi } from '../clients/platform-api.ts';
import type { ConsoleConfig } from '../config.ts';
import { LEGAL_PAGE_SIZE, legalPages, legalQuery, parseLegalFilter } from '../domain/legal-queue.ts';
import { renderPage } from './render.ts';

/**
 * The legal queue: cases handed to legal and the postings on their customers, a page at a time from
 * dunning. A collector sees only their own customers' tasks (dunning filters by collector); ops and
 * admin see all. Taking a case back is the customer page's action, posted from here.
 */
export const legalRoutes: FastifyPluginAsync<{ config: ConsoleConfig }> = async (app, { config }) => {
  app.get('/legal', async (request, reply) => {
    const user = request.user!;
    const filter = parseLegalFilter(request.query as Record<string, unknown>);
    const { items, total } = await platformApi(config, user.username).dunning.legalTasks({
      customerId: filter.customerId,
      // A collector without a collector id sees nothing rather than everything.
      collectorId: user.role === 'collector' ? (user.collectorId ?? '-') : undefined,
      includeDone: filter.includeDone,
      limit: LEGAL_PAGE_SIZE,
      offset: (filter.page - 1) * LEGAL_PAGE_SIZE,
    });
    return renderPage(request, reply, 'legal', {
      filter,
      items,
      total,
      page: filter.page,
      pages: legalPages(total),
      canAct: user.role !== 'ops',
      pageHref: (page: number) => `/legal?${legalQuery(filter, page)}`,
    });
  });
};
