import {
  RISK_ALERT_RAISED,
  RISK_ALERT_RESOLVED,
  RISK_ASSESSMENT_CHANGED,
  RISK_CONCENTRATION_FLAGGED,
  RISK_CREDIT_HOLD_PLACED,
  RISK_CREDIT_HOLD_RELEASED,
  RiskAlertRaisedEvent,
  RiskAlertResolvedEvent,
  RiskAssessmentChangedEvent,
  RiskConcentrationFlaggedEvent,
  RiskCreditHoldPlacedEvent,
  RiskCreditHoldReleasedEvent,
} from '../risk-events.ts';
import { Topics } from '../topics.ts';
import type { TopicSpec } from './spec.ts';

/** The risk topic of the catalog: who publishes on it and every event type it carries. */
export const RiskTopic = {
  topic: Topics.riskEvents,
  publisher: 'credit-risk service',
  description: 'Per-customer score, class, warning level, credit limit and hold.',
  events: [
    {
      type: RISK_ASSESSMENT_CHANGED,
      schema: RiskAssessmentChangedEvent,
      description: 'The class, warning level, credit limit or hold of a customer changed.',
    },
    {
      type: RISK_CREDIT_HOLD_PLACED,
      schema: RiskCreditHoldPlacedEvent,
      description: 'A customer was put on credit hold: no new credit until released.',
    },
    {
      type: RISK_CREDIT_HOLD_RELEASED,
      schema: RiskCreditHoldReleasedEvent,
      description: 'The credit hold of a customer was released.',
    },
    {
      type: RISK_CONCENTRATION_FLAGGED,
      schema: RiskConcentrationFlaggedEvent,
      description: 'One customer holds a share of all receivables above the concentration threshold.',
    },
    {
      type: RISK_ALERT_RAISED,
      schema: RiskAlertRaisedEvent,
      description: 'A business anomaly of a customer was raised: red and on credit hold while it is open.',
    },
    {
      type: RISK_ALERT_RESOLVED,
      schema: RiskAlertResolvedEvent,
      description: 'A business anomaly of a customer was resolved.',
    },
  ],
} as const satisfies TopicSpec;
