import { describe, expect, it } from 'vitest';
import {
  DecimalFraction,
  RiskAlertRaisedData,
  RiskAlertResolvedData,
  RiskAssessmentChangedData,
  RiskConcentrationFlaggedData,
  RiskCreditHoldPlacedData,
  RiskCreditHoldReleasedData,
} from '../src/index.ts';
import {
  alertRaised,
  alertResolved,
  assessment,
  concentration,
  holdPlaced,
  holdReleased,
} from './event-samples.ts';
import { issuePaths } from './samples.ts';

describe('risk.assessment.changed data', () => {
  it('accepts a change, and a first assessment without previous standing', () => {
    expect(RiskAssessmentChangedData.parse(assessment)).toEqual(assessment);
    expect(issuePaths(RiskAssessmentChangedData, { ...assessment, previous: null })).toEqual([]);
  });

  it('accepts a change of the credit limit alone', () => {
    const previous = {
      class: 'C',
      warning: 'red',
      creditLimit: { amount: '60000', currency: 'CNY' },
      onHold: true,
    };
    expect(issuePaths(RiskAssessmentChangedData, { ...assessment, previous })).toEqual([]);
  });

  it('rejects a previous standing equal to the new one (same limit written differently)', () => {
    const previous = {
      class: 'C',
      warning: 'red',
      creditLimit: { amount: '50000', currency: 'CNY' },
      onHold: true,
    };
    expect(issuePaths(RiskAssessmentChangedData, { ...assessment, previous })).toEqual(['previous']);
  });

  it.each([
    ['a score above 100', { score: 101 }, ['score']],
    ['a fractional score', { score: 50.5 }, ['score']],
    ['an unknown class', { class: 'D' }, ['class']],
    ['an unknown warning level', { warning: 'orange' }, ['warning']],
    ['a negative credit limit', { creditLimit: { amount: '-1', currency: 'CNY' } }, ['creditLimit.amount']],
    ['a credit limit without currency', { creditLimit: { amount: '1' } }, ['creditLimit.currency']],
    ['a missing previous', { previous: undefined }, ['previous']],
    ['a previous with an unknown field', { previous: { ...assessment.previous, score: 60 } }, ['previous']],
    ['a blank trigger', { trigger: ' ' }, ['trigger']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(RiskAssessmentChangedData, { ...assessment, ...change })).toEqual(paths);
  });
});

describe('risk.credit-hold events data', () => {
  it('accepts a hold placed and released', () => {
    expect(RiskCreditHoldPlacedData.parse(holdPlaced)).toEqual(holdPlaced);
    expect(RiskCreditHoldReleasedData.parse(holdReleased)).toEqual(holdReleased);
  });

  it('rejects a missing reason and a mixed-up instant field', () => {
    expect(issuePaths(RiskCreditHoldPlacedData, { ...holdPlaced, reason: undefined })).toEqual(['reason']);
    const { releasedAt, ...rest } = holdReleased;
    expect(issuePaths(RiskCreditHoldReleasedData, { ...rest, placedAt: releasedAt }).sort()).toEqual([
      '',
      'releasedAt',
    ]);
  });
});

describe('risk.concentration.flagged data', () => {
  it('accepts a flagged concentration', () => {
    expect(RiskConcentrationFlaggedData.parse(concentration)).toEqual(concentration);
  });

  it('takes an exposure beyond a bigint of minor units: a sum of balances that each fit one', () => {
    const exposure = { ...concentration, currency: 'KRW', exposure: '18000000000000000000' };
    expect(RiskConcentrationFlaggedData.parse(exposure)).toEqual(exposure);
  });

  it.each(['0', '1', '1.000', '0.3412'])('takes %s as a fraction', (share) => {
    expect(DecimalFraction.safeParse(share).success).toBe(true);
  });

  it.each(['1.01', '-0.1', '.5', '34.12', '0.5%'])('rejects %s as a fraction', (share) => {
    expect(DecimalFraction.safeParse(share).success).toBe(false);
  });

  it.each([
    ['a share as a number', { share: 0.3412 }, ['share']],
    ['a zero exposure', { exposure: '0' }, ['exposure']],
    ['an unknown currency', { currency: 'XYZ' }, ['currency']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(RiskConcentrationFlaggedData, { ...concentration, ...change })).toEqual(paths);
  });
});

describe('recommended terms on risk.assessment.changed', () => {
  it('are optional, so events published before them stay valid', () => {
    const { recommendedTerms: _terms, ...before } = assessment;
    expect(issuePaths(RiskAssessmentChangedData, before)).toEqual([]);
  });

  it('name days from 0 to 366, a known code and a sentence', () => {
    const terms = assessment.recommendedTerms!;
    const bad = { ...assessment, recommendedTerms: { ...terms, days: 400, code: 'vibes', reason: ' ' } };
    expect(issuePaths(RiskAssessmentChangedData, bad).sort()).toEqual([
      'recommendedTerms.code',
      'recommendedTerms.days',
      'recommendedTerms.reason',
    ]);
  });
});

describe('risk.alert.raised and risk.alert.resolved data', () => {
  it('accept an alert and its resolution, a null note', () => {
    expect(RiskAlertRaisedData.parse(alertRaised)).toEqual(alertRaised);
    expect(issuePaths(RiskAlertRaisedData, { ...alertRaised, note: null })).toEqual([]);
    expect(RiskAlertResolvedData.parse(alertResolved)).toEqual(alertResolved);
  });

  it('rejects an unknown kind and a resolution without its time', () => {
    expect(issuePaths(RiskAlertRaisedData, { ...alertRaised, kind: 'rumour' })).toEqual(['kind']);
    const { resolvedAt: _at, ...noTime } = alertResolved;
    expect(issuePaths(RiskAlertResolvedData, noTime)).toEqual(['resolvedAt']);
  });
});
