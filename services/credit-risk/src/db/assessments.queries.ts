import type { RecommendedTerms, RiskClass, WarningLevel } from '@dunning/contracts';
import type pg from 'pg';
import type { Assessment } from '../domain/assess-customer.ts';
import type { FactorContribution } from '../domain/factors.ts';

export interface StoredAssessment {
  assessmentId: string;
  customerId: string;
  assessedAt: Date;
  trigger: string;
  modelVersion: string;
  score: number;
  class: RiskClass;
  warning: WarningLevel;
  creditLimitMinor: bigint;
  currency: string;
  onHold: boolean;
  holdReason: string;
  factors: FactorContribution[];
  inputs: Record<string, unknown>;
  changed: boolean;
  /** Null for an assessment made before terms advice existed. */
  recommendedTerms: RecommendedTerms | null;
}

interface AssessmentRow {
  assessment_id: string | bigint;
  customer_id: string;
  assessed_at: Date;
  trigger: string;
  model_version: string;
  score: number;
  class: RiskClass;
  warning: WarningLevel;
  credit_limit_minor: string;
  currency: string;
  on_hold: boolean;
  hold_reason: string;
  factors: FactorContribution[];
  inputs: Record<string, unknown>;
  changed: boolean;
  recommended_terms: RecommendedTerms | null;
}

function fromRow(row: AssessmentRow): StoredAssessment {
  return {
    assessmentId: String(row.assessment_id),
    customerId: row.customer_id,
    assessedAt: row.assessed_at,
    trigger: row.trigger,
    modelVersion: row.model_version,
    score: row.score,
    class: row.class,
    warning: row.warning,
    creditLimitMinor: BigInt(row.credit_limit_minor),
    currency: row.currency,
    onHold: row.on_hold,
    holdReason: row.hold_reason,
    factors: row.factors,
    inputs: row.inputs,
    changed: row.changed,
    recommendedTerms: row.recommended_terms,
  };
}

/** JSON of the inputs and exposure (bigints as strings, unbounded numbers as null). */
function inputsJson(assessment: Assessment): string {
  return JSON.stringify({ ...assessment.inputs, exposure: assessment.exposure }, (_key, value) =>
    typeof value === 'bigint'
      ? value.toString()
      : typeof value === 'number' && !Number.isFinite(value)
        ? null
        : value,
  );
}

export async function insertAssessment(
  tx: pg.PoolClient,
  input: { assessment: Assessment; assessedAt: Date; trigger: string; changed: boolean },
): Promise<string> {
  const { assessment } = input;
  const result = await tx.query<{ assessment_id: string }>({
    text: `INSERT INTO risk_assessments (customer_id, assessed_at, trigger, model_version, score, class, warning,
             credit_limit_minor, currency, on_hold, hold_reason, factors, inputs, changed, recommended_terms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING assessment_id`,
    values: [
      assessment.customerId,
      input.assessedAt,
      input.trigger,
      assessment.modelVersion,
      assessment.score,
      assessment.class,
      assessment.warning,
      assessment.creditLimitMinor,
      assessment.currency,
      assessment.onHold,
      assessment.holdReason,
      JSON.stringify(assessment.factors),
      inputsJson(assessment),
      input.changed,
      JSON.stringify(assessment.recommendedTerms),
    ],
  });
  const assessmentId = String(result.rows[0]!.assessment_id);
  await tx.query({
    text: `INSERT INTO risk_standing (customer_id, assessment_id) VALUES ($1, $2)
           ON CONFLICT (customer_id) DO UPDATE SET assessment_id = excluded.assessment_id`,
    values: [assessment.customerId, assessmentId],
  });
  return assessmentId;
}

export async function findCurrentAssessment(
  db: pg.Pool | pg.PoolClient,
  customerId: string,
): Promise<StoredAssessment | undefined> {
  const result = await db.query<AssessmentRow>({
    text: `SELECT a.* FROM risk_standing s JOIN risk_assessments a USING (assessment_id)
           WHERE s.customer_id = $1`,
    values: [customerId],
  });
  const row = result.rows[0];
  return row ? fromRow(row) : undefined;
}

export async function listAssessments(
  db: pg.Pool,
  input: { customerId: string; limit: number; before?: string },
): Promise<StoredAssessment[]> {
  const result = await db.query<AssessmentRow>({
    text: `SELECT * FROM risk_assessments WHERE customer_id = $1 AND ($3::bigint IS NULL OR assessment_id < $3)
           ORDER BY assessment_id DESC LIMIT $2`,
    values: [input.customerId, input.limit, input.before ?? null],
  });
  return result.rows.map(fromRow);
}

export async function countAssessments(db: pg.Pool, customerId: string): Promise<number> {
  const result = await db.query<{ count: string }>({
    text: 'SELECT count(*) FROM risk_assessments WHERE customer_id = $1',
    values: [customerId],
  });
  return Number(result.rows[0]?.count ?? 0);
}
