import type { ConsoleConfig } from '../config.ts';
import { type ApiClient, apiClient } from './api-client.ts';
import type {
  AgingReport,
  CollectorTask,
  CustomerProfile,
  DunningCase,
  EffectivenessReport,
  KpiReport,
  NotificationDetail,
  NotificationSummary,
  OpsStatus,
  RiskView,
  Statement,
} from './types.ts';

export type ServiceKey = 'invoices' | 'credit-risk' | 'dunning' | 'notifications';

/** One typed client per service, for one signed-in user (forwarded as `X-Acting-User`). */
export function platformApi(config: ConsoleConfig, actingUser?: string) {
  const client = (service: ServiceKey, baseUrl: string) =>
    apiClient({ service, baseUrl, apiKey: config.CONSOLE_API_KEY, ...(actingUser ? { actingUser } : {}) });
  const raw: Record<ServiceKey, ApiClient> = {
    invoices: client('invoices', config.INVOICES_URL),
    'credit-risk': client('credit-risk', config.CREDIT_RISK_URL),
    dunning: client('dunning', config.DUNNING_URL),
    notifications: client('notifications', config.NOTIFICATIONS_URL),
  };
  const id = encodeURIComponent;
  return {
    raw,
    invoices: {
      customer: (customerId: string) => raw.invoices.find<CustomerProfile>(`/v1/customers/${id(customerId)}`),
      statement: (customerId: string) =>
        raw.invoices.get<Statement>(`/v1/customers/${id(customerId)}/statement`),
      aging: () => raw.invoices.get<AgingReport>('/v1/reports/aging'),
      kpis: (from: string, to: string) =>
        raw.invoices.get<KpiReport>(`/v1/reports/kpis?from=${from}&to=${to}`),
      openDispute: (invoiceId: string, body: { disputeId: string; reason: string }) =>
        raw.invoices.post<{ disputeId: string }>(`/v1/invoices/${id(invoiceId)}/disputes`, body),
    },
    risk: {
      of: (customerId: string) => raw['credit-risk'].find<RiskView>(`/v1/customers/${id(customerId)}/risk`),
    },
    dunning: {
      caseOf: (invoiceId: string) => raw.dunning.find<DunningCase>(`/v1/invoices/${id(invoiceId)}/dunning`),
      tasks: async (collectorId: string, includeDone = false) =>
        (
          await raw.dunning.get<{ tasks: CollectorTask[] }>(
            `/v1/collectors/${id(collectorId)}/tasks?includeDone=${includeDone}`,
          )
        ).tasks,
      claim: (taskId: string, collectorId: string) =>
        raw.dunning.post<CollectorTask>(`/v1/tasks/${id(taskId)}/claim`, { collectorId }),
      effectiveness: () => raw.dunning.get<EffectivenessReport>('/v1/reports/effectiveness'),
      handToLegal: (invoiceId: string, reason: string) =>
        raw.dunning.post<unknown>(`/v1/invoices/${id(invoiceId)}/legal`, { reason }),
      outcome: (taskId: string, body: Record<string, unknown>) =>
        raw.dunning.post<{ taskId: string; promiseId?: string }>(`/v1/tasks/${id(taskId)}/outcome`, body),
    },
    notifications: {
      detail: (notificationId: string) =>
        raw.notifications.find<NotificationDetail>(`/v1/notifications/${id(notificationId)}`),
      ofCustomer: async (customerId: string) =>
        (
          await raw.notifications.get<{ items: NotificationSummary[] }>(
            `/v1/notifications?customerId=${id(customerId)}`,
          )
        ).items,
    },
    opsStatus: (service: ServiceKey) => raw[service].get<OpsStatus>('/v1/ops/status'),
    ready: async (service: ServiceKey) => {
      try {
        await raw[service].get('/health/ready');
        return true;
      } catch {
        return false;
      }
    },
  };
}
export type PlatformApi = ReturnType<typeof platformApi>;
