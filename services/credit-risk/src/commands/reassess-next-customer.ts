import {
  createEvent,
  formatMinorUnits,
  RISK_ASSESSMENT_CHANGED,
  RISK_CREDIT_HOLD_PLACED,
  RISK_CREDIT_HOLD_RELEASED,
} from '@dunning/contracts';
import { type OutboxMessage, writeToOutbox } from '@dunning/outbox';
import type pg from 'pg';
import { findCurrentAssessment, insertAssessment } from '../db/assessments.queries.ts';
import { claimDirtyCustomer, markCustomerClean } from '../db/customers.queries.ts';
import { loadSnapshot } from '../db/snapshot.queries.ts';
import { assessCustomer } from '../domain/assess-customer.ts';
import { type Standing, standingChanged } from '../domain/standing.ts';
import { type CommandContext, RISK_SOURCE } from './command-context.ts';

function money(minor: bigint, currency: string) {
  return { amount: formatMinorUnits(minor, currency), currency };
}

function published(standing: Standing) {
  return {
    class: standing.class,
    warning: standing.warning,
    creditLimit: money(standing.creditLimitMinor, standing.currency),
    onHold: standing.onHold,
  };
}

/**
 * Re-scores the longest-waiting dirty customer in one transaction: the assessment is kept, and the
 * changed standing and hold flips go to the outbox with it. Returns the customer's id, or undefined
 * when nobody is dirty; `onClaimed` learns the id first, so a caller can tell whom a failure concerns.
 */
export async function reassessNextCustomer(
  tx: pg.PoolClient,
  context: CommandContext,
  onClaimed: (customerId: string) => void = () => {},
): Promise<string | undefined> {
  const dirty = await claimDirtyCustomer(tx);
  if (!dirty) return undefined;
  onClaimed(dirty.customerId);
  const now = context.now();
  const since = new Date(now.getTime() - context.model.windows.historyDays * context.dayMs);
  const snapshot = await loadSnapshot(tx, dirty.customerId, since);
  if (!snapshot) return dirty.customerId;
  const previous = await findCurrentAssessment(tx, dirty.customerId);
  const assessment = assessCustomer(snapshot, {
    now,
    dayMs: context.dayMs,
    model: context.model,
    previousLimit: previous ? { currency: previous.currency, limitMinor: previous.creditLimitMinor } : null,
    fallbackCurrency: context.fallbackCurrency,
  });
  const changed = standingChanged(previous ?? null, assessment);
  const trigger = dirty.events > 1 ? `${dirty.trigger} (+${dirty.events - 1} more events)` : dirty.trigger;
  await insertAssessment(tx, { assessment, assessedAt: now, trigger, changed });
  await markCustomerClean(tx, dirty.customerId);
  if (!changed) return dirty.customerId;

  const { customerId } = assessment;
  const at = now.toISOString();
  const messages: OutboxMessage[] = [
    {
      topic: context.riskTopic,
      key: customerId,
      event: createEvent({
        type: RISK_ASSESSMENT_CHANGED,
        source: RISK_SOURCE,
        subject: customerId,
        data: {
          customerId,
          score: assessment.score,
          ...published(assessment),
          modelVersion: assessment.modelVersion,
          assessedAt: at,
          trigger: trigger.slice(0, 200),
          previous: previous ? published(previous) : null,
          recommendedTerms: assessment.recommendedTerms,
        },
      }),
    },
  ];
  const wasOnHold = previous?.onHold ?? false;
  if (assessment.onHold && !wasOnHold) {
    messages.push({
      topic: context.riskTopic,
      key: customerId,
      event: createEvent({
        type: RISK_CREDIT_HOLD_PLACED,
        source: RISK_SOURCE,
        subject: customerId,
        data: { customerId, reason: assessment.holdReason, placedAt: at },
      }),
    });
  } else if (!assessment.onHold && wasOnHold) {
    messages.push({
      topic: context.riskTopic,
      key: customerId,
      event: createEvent({
        type: RISK_CREDIT_HOLD_RELEASED,
        source: RISK_SOURCE,
        subject: customerId,
        data: { customerId, reason: assessment.holdReason, releasedAt: at },
      }),
    });
  }
  await writeToOutbox(tx, context.schema, messages);
  return dirty.customerId;
}
