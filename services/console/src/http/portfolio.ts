import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformApi } from '../clients/platform-api.ts';
import type { CustomerProfile } from '../clients/types.ts';
import { renderPage } from './render.ts';
import { forbidden } from './session.ts';

/**
 * A collector's portfolio: the customers whose ledger profile names them, and those dunning gave them
 * a task for (dunning assigns by its own portfolio and load, so a task can reach a collector the
 * ledger's profile does not name; what is on their worklist they may open).
 */
async function inPortfolio(
  api: PlatformApi,
  collectorId: string,
  customerId: string,
  profile: CustomerProfile | undefined,
): Promise<boolean> {
  if (profile?.collectorId === collectorId) return true;
  const tasks = await api.dunning.tasks(collectorId, true);
  return tasks.some((task) => task.customerId === customerId);
}

/**
 * The customer when the user may see it: a collector only their portfolio; ops and admin every customer.
 */
export async function visibleCustomer(
  api: PlatformApi,
  request: FastifyRequest,
  reply: FastifyReply,
  customerId: string,
): Promise<CustomerProfile | undefined> {
  const profile = await api.invoices.customer(customerId);
  const user = request.user!;
  if (user.role === 'collector' && !(await inPortfolio(api, user.collectorId ?? '', customerId, profile))) {
    await forbidden(request, reply);
    return undefined;
  }
  if (!profile) {
    await renderPage(
      request,
      reply,
      'error',
      { titleKey: 'customer.title', messageKey: 'error.notFound' },
      404,
    );
    return undefined;
  }
  return profile;
}
