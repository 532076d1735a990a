import { ERP_CUSTOMER_ALERT, ERP_CUSTOMER_ALERT_RESOLVED } from '@dunning/contracts';
import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, type RiskHarness, startRiskHarness, waitFor } from './risk-harness.ts';

type Factor = { name: string; value: unknown; alert?: Record<string, unknown> };
const alertFactors = (risk: Record<string, unknown>) =>
  (risk.factors as Factor[]).filter((factor) => factor.name === 'alert');

describe('credit-risk: business alerts over HTTP and from the ERP topic (real Kafka and PostgreSQL)', () => {
  let h: RiskHarness;
  beforeAll(async () => {
    h = await startRiskHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const events = (customerId: string, type: string) =>
    h.riskEvents.filter((e) => e.type === type && e.subject === customerId);
  const post = (url: string, payload: unknown) =>
    h.service.app.inject({ headers: adminAuth, method: 'POST', url, payload: payload as object });
  const assessedCalm = (id: string) =>
    waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk?.warning === 'none' && risk;
      },
      { what: `${id} assessed, calm` },
    );

  it('one alert over HTTP turns a calm customer red and on hold; resolving the last one lifts it', async () => {
    const id = 'alerted';
    await h.publishLedger([customer(id)]);
    const calm = await assessedCalm(id);
    expect(calm).toMatchObject({
      class: 'B',
      onHold: false,
      recommendedTerms: { days: 30, prepayment: false, code: 'class-b-usual' },
    });

    const raised = await post(`/v1/customers/${id}/alerts`, {
      alertId: 'AL-1',
      kind: 'litigation',
      note: 'sued',
    });
    expect(raised.statusCode).toBe(201);
    expect(raised.json()).toMatchObject({ alertId: 'AL-1', customerId: id, kind: 'litigation', open: true });
    // The same alert again: the same answer, 200; another body under its id: 409 problem.
    const again = await post(`/v1/customers/${id}/alerts`, {
      alertId: 'AL-1',
      kind: 'litigation',
      note: 'sued',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(raised.json());
    const clash = await post(`/v1/customers/${id}/alerts`, { alertId: 'AL-1', kind: 'regulatory' });
    expect(clash.statusCode).toBe(409);
    expect(clash.headers['content-type']).toContain('application/problem+json');
    expect(clash.json().stored).toEqual(raised.json());

    const red = await waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk?.onHold === true && risk;
      },
      { what: 'the hold after the alert' },
    );
    expect(red).toMatchObject({
      warning: 'red',
      score: calm.score,
      holdReason: 'warning level red; alert litigation AL-1',
      recommendedTerms: { days: 0, prepayment: true, code: 'open-alert-prepayment' },
    });
    expect(alertFactors(red)).toEqual([
      {
        name: 'alert',
        value: 'litigation',
        contribution: 0,
        alert: { alertId: 'AL-1', kind: 'litigation', note: 'sued', since: raised.json().raisedAt },
      },
    ]);
    await waitFor(() => events(id, 'risk.credit-hold.placed').length === 1, { what: 'hold placed' });
    const changed = events(id, 'risk.assessment.changed').at(-1);
    expect(changed?.data).toMatchObject({
      warning: 'red',
      onHold: true,
      recommendedTerms: red.recommendedTerms,
    });
    expect(events(id, 'risk.alert.raised').map((e) => e.data)).toEqual([
      { alertId: 'AL-1', customerId: id, kind: 'litigation', note: 'sued', raisedAt: raised.json().raisedAt },
    ]);

    // A second alert; resolving the first leaves the second holding.
    expect(
      (await post(`/v1/customers/${id}/alerts`, { alertId: 'AL-2', kind: 'equity-change' })).statusCode,
    ).toBe(201);
    await waitFor(async () => alertFactors((await h.risk(id)) ?? { factors: [] }).length === 2, {
      what: 'two alert factors',
    });
    const resolved = await post('/v1/alerts/AL-1/resolve', { note: 'settled out of court' });
    expect(resolved.json()).toMatchObject({ open: false, resolutionNote: 'settled out of court' });
    const stillHeld = await waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk && alertFactors(risk).length === 1 && risk;
      },
      { what: 'one alert left' },
    );
    expect(stillHeld).toMatchObject({
      warning: 'red',
      onHold: true,
      holdReason: 'warning level red; alert equity-change AL-2',
    });

    await post('/v1/alerts/AL-2/resolve', {});
    const lifted = await assessedCalm(id);
    expect(lifted).toMatchObject({ onHold: false, recommendedTerms: { code: 'class-b-usual' } });
    await waitFor(() => events(id, 'risk.credit-hold.released').length === 1, { what: 'hold released' });
    await waitFor(() => events(id, 'risk.alert.resolved').length === 2, { what: 'two resolutions' });
    expect(events(id, 'risk.credit-hold.placed')).toHaveLength(1);

    // Resolving again changes nothing and answers the alert as first resolved; an unknown id is 404.
    const twice = await post('/v1/alerts/AL-1/resolve', { note: 'other' });
    expect(twice.statusCode).toBe(200);
    expect(twice.json()).toEqual(resolved.json());
    const unknown = await post('/v1/alerts/nope/resolve', {});
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('one erp.customer.alert on the ERP topic does the same, and its resolution lifts the hold', async () => {
    const id = 'erp-alerted';
    await h.publishLedger([customer(id)]);
    await assessedCalm(id);
    const raisedAt = new Date().toISOString();
    await h.publishErp([
      { type: ERP_CUSTOMER_ALERT, data: { alertId: 'EA-1', customerId: id, kind: 'regulatory', raisedAt } },
    ]);
    const red = await waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk?.onHold === true && risk;
      },
      { what: 'the hold after the ERP alert' },
    );
    expect(red.warning).toBe('red');
    expect(alertFactors(red)[0]?.alert).toEqual({
      alertId: 'EA-1',
      kind: 'regulatory',
      note: null,
      since: raisedAt,
    });

    await h.publishErp([
      {
        type: ERP_CUSTOMER_ALERT_RESOLVED,
        data: { alertId: 'EA-1', customerId: id, resolvedAt: new Date().toISOString() },
      },
    ]);
    await assessedCalm(id);
    await waitFor(() => events(id, 'risk.credit-hold.released').length === 1, { what: 'hold released' });
  });

  it('validates the commands: problem+json naming every failing field', async () => {
    const bad = await post('/v1/customers/c-9/alerts', { kind: 'rumour', note: ' ', extra: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const paths = (bad.json().errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['body.alertId', 'body.kind', 'body.note']));
    expect(JSON.stringify(bad.json().errors)).toContain('extra');
    const badResolve = await post('/v1/alerts/AL-1/resolve', { note: 5 });
    expect(badResolve.statusCode).toBe(400);
    expect((badResolve.json().errors as { path: string }[]).map((e) => e.path)).toEqual(['body.note']);
  });
});
