import { formatMinorUnits } from '@dunning/contracts';
import { type FastifyPluginAsyncZod, HttpProblem, problemResponse } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { findCase } from '../db/cases.queries.ts';
import { listStepsOfCase } from '../db/steps.queries.ts';
import { listTimeline } from '../db/timeline.queries.ts';

const DunningView = z.object({
  invoiceId: z.string(),
  customerId: z.string(),
  currency: z.string(),
  balance: z.string(),
  dueDate: z.string(),
  overdueAt: z.string().nullable(),
  status: z.enum(['active', 'paused', 'legal', 'closed']).meta({
    description: 'closed wins; then legal (handed to legal: no notice goes out); then paused or active',
  }),
  legal: z
    .object({ since: z.string(), reason: z.string() })
    .nullable()
    .meta({ description: 'Since when and why the case is in legal' }),
  closeReason: z.string().nullable(),
  policy: z.object({ policyId: z.string(), version: z.number() }).nullable(),
  openedAt: z.string(),
  steps: z.array(
    z.object({
      stepId: z.string(),
      name: z.string(),
      level: z.number(),
      policyId: z.string(),
      offsetDays: z.number(),
      dueAt: z.string().meta({ description: 'overdueAt + (offsetDays − 1) × DAY_MS, shifted by pauses' }),
      runAt: z.string().meta({ description: 'dueAt moved into the send window' }),
      status: z.enum(['scheduled', 'done', 'cancelled', 'skipped']),
      executedAt: z.string().nullable(),
      reason: z.string().nullable().meta({
        description: "Why it was skipped or cancelled; 'held: legal' for a step waiting while in legal",
      }),
      noticeStepId: z.string().nullable().meta({ description: 'The step whose notice covered it' }),
    }),
  ),
  timeline: z.array(
    z.object({
      at: z.string(),
      kind: z.string().meta({
        description:
          'opened, planned, re-planned, run, skipped, cancelled, paused, resumed, balance-changed, closed, promise-recorded, promise-kept, promise-broken; policy-assigned, policy-unassigned (detail: policyId, previousPolicyId); legal-handed-over (detail: reason, by, step?, movedTasks), legal-withdrawn (detail: reason, by, inLegalMs, nextStepAt), legal-task-raised (detail: taskId, posting); task-closed (detail: taskId, reason settled | disputed | promised | legal-withdrawn, collectorId); notification-failed (detail: notificationId, actionId, channel, step, reason, permanent, failedAt)',
      }),
      stepId: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const dunningRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, { pool }) => {
  app.get(
    '/v1/invoices/:invoiceId/dunning',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['dunning'],
        operationId: 'getInvoiceDunning',
        summary: "An invoice's dunning case, its steps and the audit timeline of every decision",
        params: z.object({ invoiceId: z.string().min(1).max(100) }),
        response: { 200: DunningView, 404: problemResponse('The invoice has no dunning case') },
      },
    },
    async (request) => {
      const found = await findCase(pool, request.params.invoiceId);
      if (!found) {
        throw new HttpProblem({
          status: 404,
          detail: `no dunning case for invoice ${request.params.invoiceId}`,
        });
      }
      const [steps, timeline] = await Promise.all([
        listStepsOfCase(pool, found.invoice_id),
        listTimeline(pool, found.invoice_id),
      ]);
      return {
        invoiceId: found.invoice_id,
        customerId: found.customer_id,
        currency: found.currency,
        balance: formatMinorUnits(found.balance_minor, found.currency),
        dueDate: found.due_date,
        overdueAt: found.overdue_at?.toISOString() ?? null,
        status: found.status !== 'closed' && found.legal_since ? ('legal' as const) : found.status,
        legal:
          found.legal_since && found.legal_reason !== null
            ? { since: found.legal_since.toISOString(), reason: found.legal_reason }
            : null,
        closeReason: found.close_reason,
        policy: found.policy_id ? { policyId: found.policy_id, version: found.policy_version ?? 1 } : null,
        openedAt: found.opened_at.toISOString(),
        steps: steps.map((s) => ({
          stepId: s.step_id,
          name: s.name,
          level: s.level,
          policyId: s.policy_id,
          offsetDays: s.offset_days,
          dueAt: s.due_at.toISOString(),
          runAt: s.run_at.toISOString(),
          status: s.status,
          executedAt: s.executed_at?.toISOString() ?? null,
          reason:
            s.status === 'scheduled' && found.legal_since && found.status !== 'closed'
              ? 'held: legal'
              : s.status_reason,
          noticeStepId: s.notice_step_id,
        })),
        timeline: timeline.map((t) => ({
          at: t.at.toISOString(),
          kind: t.kind,
          stepId: t.step_id,
          detail: t.detail,
        })),
      };
    },
  );
};
