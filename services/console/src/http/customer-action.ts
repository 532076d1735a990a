import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { type PlatformApi, platformApi } from '../clients/platform-api.ts';
import type { CustomerProfile } from '../clients/types.ts';
import type { ConsoleConfig } from '../config.ts';
import { appendAudit } from '../db/audit.queries.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { visibleCustomer } from './portfolio.ts';
import { renderPage } from './render.ts';
import type { ConsoleUser } from './session.ts';

/** Who may act on a customer: collectors (on their portfolio) and admins; ops only read. */
const ACTORS = { config: { page: ['collector', 'admin'] as const } };

/** What an action on one customer works with, once the portfolio rule let the user act. */
export interface CustomerAction {
  api: PlatformApi;
  profile: CustomerProfile;
  user: ConsoleUser;
  /** Writes the action to the console's audit log under the user and the customer. */
  audit(action: string, detail: Record<string, unknown>): Promise<void>;
  /** Back to the customer page, saying the action was done. */
  done(): FastifyReply;
  /** An error page: 404 for something that is not this customer's, 422 for a malformed form. */
  notFound(titleKey: MessageKey): FastifyReply;
  invalid(titleKey: MessageKey): FastifyReply;
  /** 409: the task the form named is no longer open in the customer's collector's queue. */
  taskGone(): FastifyReply;
  /** Whether the invoice is one of this customer's open items, the only ones an action may name. */
  ownsOpenInvoice(invoiceId: string): Promise<boolean>;
}

/**
 * A form posted on one customer's page: the route, its access rule, the acting user's API client and
 * the portfolio check are the same for every action; `act` does the rest.
 */
export function customerAction<Params extends { customerId: string }>(
  app: FastifyInstance,
  { config, pool }: { config: ConsoleConfig; pool: pg.Pool },
  path: string,
  act: (request: FastifyRequest<{ Params: Params }>, action: CustomerAction) => Promise<unknown>,
): void {
  app.post<{ Params: Params }>(path, ACTORS, async (request, reply) => {
    const user = request.user!;
    const api = platformApi(config, user.username);
    const { customerId } = request.params as Params;
    const profile = await visibleCustomer(api, request, reply, customerId);
    if (!profile) return reply;
    const errorPage = (titleKey: MessageKey, messageKey: MessageKey, status: number) =>
      renderPage(request, reply, 'error', { titleKey, messageKey }, status);
    return act(request, {
      api,
      profile,
      user,
      audit: (action, detail) =>
        appendAudit(pool, { username: user.username, action, customerId: profile.customerId, detail }),
      done: () => reply.redirect(`/customers/${encodeURIComponent(profile.customerId)}?done=1`, 303),
      notFound: (titleKey) => errorPage(titleKey, 'error.notFound', 404),
      invalid: (titleKey) => errorPage(titleKey, 'error.invalid', 422),
      taskGone: () => errorPage('action.outcome', 'error.taskGone', 409),
      ownsOpenInvoice: async (invoiceId) =>
        (await api.invoices.statement(profile.customerId)).openItems.some(
          (item) => item.invoiceId === invoiceId,
        ),
    });
  });
}
