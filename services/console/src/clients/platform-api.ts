import type { ConsoleConfig } from '../config.ts';
import type { Worklist } from '../domain/worklist.ts';
import { type ApiClient, apiClient } from './api-client.ts';
import type {
  AgingReport,
  CasesByLevel,
  CollectorTask,
  CustomerProfile,
  DeliveriesReport,
  DunningBlock,
  DunningCase,
  EffectivenessReport,
  KpiReport,
  NoticePreview,
  NotificationDetail,
  NotificationSummary,
  OpsStatus,
  ProposalItem,
  RiskView,
  Statement,
  TrendsReport,
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
      /** The last `months` whole months' KPIs against their targets, in one report. */
      trends: (months: number) => raw.invoices.get<TrendsReport>(`/v1/reports/trends?months=${months}`),
      openDispute: (invoiceId: string, body: { disputeId: string; reason: string }) =>
        raw.invoices.post<{ disputeId: string }>(`/v1/invoices/${id(invoiceId)}/disputes`, body),
      waiveCharge: (chargeId: string, reason: string) =>
        raw.invoices.post<unknown>(`/v1/charges/${id(chargeId)}/waive`, { reason }),
    },
    risk: {
      of: (customerId: string) => raw['credit-risk'].find<RiskView>(`/v1/customers/${id(customerId)}/risk`),
    },
    dunning: {
      /** The cases of up to 100 invoices in one call, by invoice id (those without a case are absent). */
      casesOf: async (invoiceIds: string[]): Promise<Map<string, DunningCase>> => {
        if (invoiceIds.length === 0) return new Map();
        const query = new URLSearchParams(
          invoiceIds.map((invoiceId): [string, string] => ['invoiceId', invoiceId]),
        );
        const { items } = await raw.dunning.get<{ items: DunningCase[] }>(`/v1/dunning-cases?${query}`);
        return new Map(items.map((c) => [c.invoiceId, c]));
      },
      tasks: async (collectorId: string, includeDone = false) =>
        (
          await raw.dunning.get<{ tasks: CollectorTask[] }>(
            `/v1/collectors/${id(collectorId)}/tasks?includeDone=${includeDone}`,
          )
        ).tasks,
      worklist: (collectorId: string, query: string) =>
        raw.dunning.get<Worklist>(`/v1/collectors/${id(collectorId)}/worklist?${query}`),
      claim: (taskId: string, collectorId: string) =>
        raw.dunning.post<CollectorTask>(`/v1/tasks/${id(taskId)}/claim`, { collectorId }),
      effectiveness: () => raw.dunning.get<EffectivenessReport>('/v1/reports/effectiveness'),
      casesByLevel: () => raw.dunning.get<CasesByLevel>('/v1/reports/cases-by-level'),
      handToLegal: (invoiceId: string, reason: string) =>
        raw.dunning.post<unknown>(`/v1/invoices/${id(invoiceId)}/legal`, { reason }),
      withdrawFromLegal: (invoiceId: string, reason: string) =>
        raw.dunning.delete<unknown>(`/v1/invoices/${id(invoiceId)}/legal`, { reason }),
      blocksOf: async (customerId: string) =>
        (await raw.dunning.get<{ items: DunningBlock[] }>(`/v1/dunning-blocks?customerId=${id(customerId)}`))
          .items,
      block: (blockId: string) => raw.dunning.find<DunningBlock>(`/v1/dunning-blocks/${id(blockId)}`),
      placeBlock: (
        target: { customerId: string } | { invoiceId: string },
        body: { blockId: string; reason: string; note?: string; until?: string },
      ) =>
        raw.dunning.post<DunningBlock>(
          'invoiceId' in target
            ? `/v1/invoices/${id(target.invoiceId)}/dunning-blocks`
            : `/v1/customers/${id(target.customerId)}/dunning-blocks`,
          body,
        ),
      liftBlock: (blockId: string) => raw.dunning.delete<DunningBlock>(`/v1/dunning-blocks/${id(blockId)}`),
      changeBlock: (blockId: string, body: { reason: string; note: string | null; until: string | null }) =>
        raw.dunning.patch<DunningBlock>(`/v1/dunning-blocks/${id(blockId)}`, body),
      legalTasks: (query: {
        customerId?: string | undefined;
        collectorId?: string | undefined;
        includeDone: boolean;
        limit: number;
        offset: number;
      }) => {
        const params = new URLSearchParams({
          includeDone: String(query.includeDone),
          limit: String(query.limit),
          offset: String(query.offset),
        });
        if (query.customerId) params.set('customerId', query.customerId);
        if (query.collectorId) params.set('collectorId', query.collectorId);
        return raw.dunning.get<{ items: CollectorTask[]; total: number }>(`/v1/legal/tasks?${params}`);
      },
      proposal: async (query: { until: string; customerId?: string; collectorId?: string }) => {
        const params = new URLSearchParams({ until: query.until });
        if (query.customerId) params.set('customerId', query.customerId);
        if (query.collectorId) params.set('collectorId', query.collectorId);
        return (await raw.dunning.get<{ items: ProposalItem[] }>(`/v1/dunning-runs/proposal?${params}`))
          .items;
      },
      outcome: (taskId: string, body: Record<string, unknown>) =>
        raw.dunning.post<{ taskId: string; promiseId?: string }>(`/v1/tasks/${id(taskId)}/outcome`, body),
    },
    notifications: {
      deliveries: (from: Date, to: Date) =>
        raw.notifications.get<DeliveriesReport>(
          `/v1/reports/deliveries?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString() })}`,
        ),
      detail: (notificationId: string) =>
        raw.notifications.find<NotificationDetail>(`/v1/notifications/${id(notificationId)}`),
      ofCustomer: async (customerId: string) =>
        (
          await raw.notifications.get<{ items: NotificationSummary[] }>(
            `/v1/notifications?customerId=${id(customerId)}`,
          )
        ).items,
      preview: (templateKey: string, body: unknown) =>
        raw.notifications.post<NoticePreview>(`/v1/templates/${id(templateKey)}/preview`, body),
      previewLetter: (templateKey: string, body: unknown) =>
        raw.notifications.postRaw(`/v1/templates/${id(templateKey)}/preview/letter`, body),
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
