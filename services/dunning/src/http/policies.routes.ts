import { withTransaction } from '@dunning/pg';
import { type FastifyPluginAsyncZod, HttpProblem, problemResponse } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { addPolicyVersion, findLatestPolicy, findPolicyVersion } from '../db/policies.queries.ts';
import { PolicyFallbackChannels } from '../domain/fallback-channels.ts';
import { PolicyBody, PolicyId, PolicyStep } from '../domain/policy.ts';

const PolicyView = z.object({
  policyId: z.string(),
  version: z.number(),
  description: z.string().optional(),
  minimumIntervalDays: z.number(),
  graceDays: z.number(),
  deadlineDays: z.number(),
  fallbackChannels: PolicyFallbackChannels,
  steps: z.array(PolicyStep),
});

export const policiesRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; schema: string }> = async (
  app,
  { pool, schema },
) => {
  app.get(
    '/v1/policies/:policyId',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['policies'],
        operationId: 'getPolicy',
        summary: 'A dunning policy (its latest version, or ?version=)',
        params: z.object({ policyId: PolicyId }),
        // Versions are a PostgreSQL int: a larger number cannot name one and must not reach the query.
        querystring: z.strictObject({
          version: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
        }),
        response: { 200: PolicyView, 404: problemResponse('No such policy, or no such version of it') },
      },
    },
    async (request) => {
      const { policyId } = request.params;
      const { version } = request.query;
      const policy =
        version === undefined
          ? await findLatestPolicy(pool, policyId)
          : await findPolicyVersion(pool, policyId, version);
      if (!policy)
        throw new HttpProblem({
          status: 404,
          detail: `no policy ${policyId}${version ? ` v${version}` : ''}`,
        });
      return policy;
    },
  );

  app.put(
    '/v1/policies/:policyId',
    {
      schema: {
        tags: ['policies'],
        operationId: 'publishPolicy',
        summary:
          'Publish a new version of a policy (cases already planned keep their version until re-planned)',
        params: z.object({ policyId: PolicyId }),
        body: PolicyBody,
        response: { 201: PolicyView },
      },
    },
    async (request, reply) => {
      const policy = await withTransaction(pool, (tx) =>
        addPolicyVersion(tx, schema, request.params.policyId, request.body),
      );
      return reply.status(201).send(policy);
    },
  );
};
