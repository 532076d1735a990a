import type { InjectableApp } from '@dunning/service-runtime';
import { adminAuth } from '@dunning/testing';
import type { PlatformUnderTest } from './platform-under-test.ts';

export interface Apps {
  invoices: InjectableApp;
  creditRisk: InjectableApp;
  dunning: InjectableApp;
  notifications: InjectableApp;
}

export interface DunningStep {
  stepId: string;
  name: string;
  policyId: string;
  level: number;
  offsetDays: number;
  dueAt: string;
  status: 'scheduled' | 'done' | 'cancelled' | 'skipped';
  executedAt: string | null;
  reason: string | null;
}

export interface TimelineEntry {
  at: string;
  kind: string;
  stepId: string | null;
  detail: Record<string, unknown>;
}

export interface DunningCase {
  status: 'active' | 'paused' | 'closed';
  closeReason: string | null;
  overdueAt: string | null;
  policy: { policyId: string; version: number } | null;
  steps: DunningStep[];
  timeline: TimelineEntry[];
}

export interface CollectorTask {
  taskId: string;
  invoiceIds: string[];
  kind: string;
  step: string;
  status: string;
}

export interface PolicyView {
  policyId: string;
  version: number;
  steps: { name: string; level: number; offsetDays: number; actions: string[] }[];
}

export interface RiskView {
  class: 'A' | 'B' | 'C';
  score: number;
  warning: string;
  factors: { name: string; value: number | string | null; contribution: number }[];
}

export interface NotificationItem {
  id: string;
  customerId: string;
  invoiceIds: string[];
  channel: 'email' | 'sms' | 'letter';
  step: string;
  status: 'pending' | 'sent' | 'failed' | 'dropped';
  sentAt: string | null;
}

/** One notification in full (GET /v1/notifications/:id). */
export interface NotificationDetail extends NotificationItem {
  /** An email's Message-ID, by which the mail server counts it; null for other channels. */
  messageId: string | null;
}

/** The body of `GET url` as the admin, or undefined while it answers anything but 200 (not there yet). */
export async function getFound<T = unknown>(app: InjectableApp, url: string): Promise<T | undefined> {
  const response = await app.inject({ headers: adminAuth, method: 'GET', url });
  return response.statusCode === 200 ? (response.json() as T) : undefined;
}

/** The platform as a user drives it: through the services' HTTP APIs only. */
export function platformClient(apps: Apps) {
  const call = async (app: InjectableApp, method: string, url: string, payload?: unknown) => {
    const response = await app.inject({ headers: adminAuth, method, url, payload: payload as object });
    if (response.statusCode >= 400)
      throw new Error(`${method} ${url} -> ${response.statusCode}: ${response.body}`);
    return response.json();
  };
  return {
    upsertCustomer: (customerId: string, body: unknown) =>
      call(apps.invoices, 'PUT', `/v1/customers/${customerId}`, body),
    issueInvoice: (body: unknown) => call(apps.invoices, 'POST', '/v1/invoices', body),
    pay: (body: unknown) => call(apps.invoices, 'POST', '/v1/payments', body),
    openDispute: (invoiceId: string, body: unknown) =>
      call(apps.invoices, 'POST', `/v1/invoices/${invoiceId}/disputes`, body),
    resolveDispute: (disputeId: string, body: unknown) =>
      call(apps.invoices, 'POST', `/v1/disputes/${disputeId}/resolve`, body),
    dunningOf: (invoiceId: string) =>
      getFound<DunningCase>(apps.dunning, `/v1/invoices/${invoiceId}/dunning`),
    notificationsOf: async (invoiceId: string): Promise<NotificationItem[]> =>
      (
        (await call(apps.notifications, 'GET', `/v1/notifications?invoiceId=${invoiceId}`)) as {
          items: NotificationItem[];
        }
      ).items,
    notification: async (id: string): Promise<NotificationDetail> =>
      (await call(apps.notifications, 'GET', `/v1/notifications/${id}`)) as NotificationDetail,
    policyOf: async (policyId: string) =>
      (await call(apps.dunning, 'GET', `/v1/policies/${policyId}`)) as PolicyView,
    upsertCollector: (collectorId: string, body: unknown) =>
      call(apps.dunning, 'PUT', `/v1/collectors/${collectorId}`, body),
    tasksOf: async (collectorId: string) =>
      ((await call(apps.dunning, 'GET', `/v1/collectors/${collectorId}/tasks`)) as { tasks: CollectorTask[] })
        .tasks,
    claimTask: (taskId: string, collectorId: string) =>
      call(apps.dunning, 'POST', `/v1/tasks/${taskId}/claim`, { collectorId }),
    recordOutcome: (taskId: string, body: unknown) =>
      call(apps.dunning, 'POST', `/v1/tasks/${taskId}/outcome`, body),
    /** The customer's latest assessment, or undefined before the first one. */
    riskOf: (customerId: string) => getFound<RiskView>(apps.creditRisk, `/v1/customers/${customerId}/risk`),
    putFinancials: (customerId: string, body: unknown) =>
      call(apps.creditRisk, 'PUT', `/v1/customers/${customerId}/financials`, body),
  };
}

export type PlatformClient = ReturnType<typeof platformClient>;

/** Starts all four services of a test platform in-process. */
export async function startAll(platform: PlatformUnderTest): Promise<Apps> {
  // Together, as a deployment starts them: each creates the topics it needs and retries a lost race.
  const [invoices, creditRisk, dunning, notifications] = await Promise.all([
    platform.startInvoices(),
    platform.startCreditRisk(),
    platform.startDunning(),
    platform.startNotifications(),
  ]);
  return {
    invoices: invoices.app,
    creditRisk: creditRisk.app,
    dunning: dunning.app,
    notifications: notifications.app,
  };
}
