import { lockKey } from '@dunning/pg';
import type pg from 'pg';
import { type Policy, PolicyBody, type PolicyInput, withPolicyDefaults } from '../domain/policy.ts';

type Db = pg.Pool | pg.PoolClient;

interface PolicyRow {
  policy_id: string;
  version: number;
  body: PolicyInput;
}

export const toPolicy = (row: PolicyRow): Policy => ({
  policyId: row.policy_id,
  version: row.version,
  ...withPolicyDefaults(row.body),
});

export const policyKey = (policyId: string | null, version: number | null) => `${policyId}@${version}`;

/** These policy versions (repeats and unknown ones allowed), keyed by policyKey. */
export async function policyVersions(
  db: Db,
  wanted: { policyId: string | null; version: number | null }[],
): Promise<Map<string, Policy>> {
  const keys = [
    ...new Map(
      wanted.flatMap((k) =>
        k.policyId !== null && k.version !== null ? [[policyKey(k.policyId, k.version), k] as const] : [],
      ),
    ).values(),
  ];
  if (keys.length === 0) return new Map();
  const result = await db.query<PolicyRow>({
    text: `SELECT policy_id, version, body FROM policies
           WHERE (policy_id, version) IN (SELECT * FROM unnest($1::text[], $2::int[]))`,
    values: [keys.map((k) => k.policyId), keys.map((k) => k.version)],
  });
  return new Map(result.rows.map((row) => [policyKey(row.policy_id, row.version), toPolicy(row)]));
}

export async function findLatestPolicy(db: Db, policyId: string): Promise<Policy | undefined> {
  const result = await db.query<PolicyRow>({
    text: 'SELECT policy_id, version, body FROM policies WHERE policy_id = $1 ORDER BY version DESC LIMIT 1',
    values: [policyId],
  });
  return result.rows[0] && toPolicy(result.rows[0]);
}

export async function findPolicyVersion(
  db: Db,
  policyId: string,
  version: number,
): Promise<Policy | undefined> {
  const result = await db.query<PolicyRow>({
    text: 'SELECT policy_id, version, body FROM policies WHERE policy_id = $1 AND version = $2',
    values: [policyId, version],
  });
  return result.rows[0] && toPolicy(result.rows[0]);
}

/** Adds the next version; concurrent PUTs serialise on the policy's advisory lock. */
export async function addPolicyVersion(
  tx: pg.PoolClient,
  schema: string,
  policyId: string,
  body: PolicyBody,
): Promise<Policy> {
  await tx.query({
    text: 'SELECT pg_advisory_xact_lock($1)',
    values: [lockKey(schema, `policy:${policyId}`)],
  });
  const result = await tx.query<PolicyRow>({
    text: `INSERT INTO policies (policy_id, version, body)
           SELECT $1, COALESCE(MAX(version), 0) + 1, $2 FROM policies WHERE policy_id = $1
           RETURNING policy_id, version, body`,
    values: [policyId, JSON.stringify(body)],
  });
  return toPolicy(result.rows[0]!);
}

/** Seeds version 1 of a shipped policy unless the policy exists already. */
export async function seedPolicy(db: Db, policyId: string, input: PolicyInput): Promise<void> {
  const body = PolicyBody.parse(input);
  await db.query({
    text: `INSERT INTO policies (policy_id, version, body) VALUES ($1, 1, $2) ON CONFLICT DO NOTHING`,
    values: [policyId, JSON.stringify(body)],
  });
}
