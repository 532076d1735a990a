import { formatMinorUnits } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import { type FastifyPluginAsyncZod, HttpProblem, problemResponse } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import type { CommandContext } from '../commands/command-context.ts';
import { findCurrentAssessment, listAssessments } from '../db/assessments.queries.ts';
import { listFlags } from '../db/concentration.queries.ts';
import { markCustomerDirty } from '../db/customers.queries.ts';
import { upsertFinancials } from '../db/profile.queries.ts';
import {
  ConcentrationResponse,
  CustomerParams,
  FinancialsBody,
  FinancialsResponse,
  HistoryEntry,
  HistoryQuery,
  RiskResponse,
} from './risk-schemas.ts';

export interface RiskRoutesOptions {
  pool: pg.Pool;
  context: CommandContext;
}

export const riskRoutes: FastifyPluginAsyncZod<RiskRoutesOptions> = async (app, { pool, context }) => {
  app.put(
    '/v1/customers/:customerId/financials',
    {
      config: { access: 'erp:write' },
      schema: {
        tags: ['risk'],
        operationId: 'reportFinancials',
        summary: 'Report the financial ratios of a customer (re-scores it)',
        params: CustomerParams,
        body: FinancialsBody,
        response: { 200: FinancialsResponse },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const now = context.now();
      const updated = await withTransaction(pool, async (tx) => {
        const changed = await upsertFinancials(tx, { customerId, ...request.body, at: now });
        if (changed) await markCustomerDirty(tx, { customerId, trigger: 'financials reported', seenAt: now });
        return changed;
      });
      return { customerId, status: updated ? ('updated' as const) : ('unchanged' as const) };
    },
  );

  app.get(
    '/v1/customers/:customerId/risk',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['risk'],
        operationId: 'getCustomerRisk',
        summary: 'The current score, class, warning, credit limit and hold, with each factor',
        params: CustomerParams,
        response: { 200: RiskResponse, 404: problemResponse('The customer has not been assessed yet') },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const current = await findCurrentAssessment(pool, customerId);
      if (!current) {
        throw new HttpProblem({ status: 404, detail: `customer ${customerId} has not been assessed` });
      }
      return {
        customerId,
        score: current.score,
        class: current.class,
        warning: current.warning,
        creditLimit: formatMinorUnits(current.creditLimitMinor, current.currency),
        currency: current.currency,
        onHold: current.onHold,
        holdReason: current.holdReason,
        modelVersion: current.modelVersion,
        assessedAt: current.assessedAt.toISOString(),
        trigger: current.trigger,
        factors: current.factors,
        recommendedTerms: current.recommendedTerms,
      };
    },
  );

  app.get(
    '/v1/customers/:customerId/risk/history',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['risk'],
        operationId: 'listRiskAssessments',
        summary: 'Every assessment of a customer, newest first: when, trigger, inputs, result, model',
        params: CustomerParams,
        querystring: HistoryQuery,
        response: { 200: z.object({ customerId: z.string(), assessments: z.array(HistoryEntry) }) },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const rows = await listAssessments(pool, { customerId, ...request.query });
      return {
        customerId,
        assessments: rows.map((row) => ({
          assessmentId: row.assessmentId,
          assessedAt: row.assessedAt.toISOString(),
          trigger: row.trigger,
          modelVersion: row.modelVersion,
          score: row.score,
          class: row.class,
          warning: row.warning,
          creditLimit: {
            amount: formatMinorUnits(row.creditLimitMinor, row.currency),
            currency: row.currency,
          },
          onHold: row.onHold,
          changed: row.changed,
          factors: row.factors,
          inputs: row.inputs,
        })),
      };
    },
  );

  app.get(
    '/v1/reports/concentration',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'getConcentrationReport',
        summary: 'Customers above the concentration threshold of all open receivables, per currency',
        response: { 200: ConcentrationResponse },
      },
    },
    async () => {
      const flags = await listFlags(pool);
      return {
        threshold: context.concentrationThreshold,
        customers: flags.map((flag) => ({
          customerId: flag.customerId,
          currency: flag.currency,
          share: flag.share,
          exposure: formatMinorUnits(flag.exposureMinor, flag.currency),
          flaggedAt: flag.flaggedAt.toISOString(),
        })),
      };
    },
  );
};
