import { afterEach, describe, expect, it } from 'vitest';
import { buildSampleApp, type SampleApp, sampleAuth } from './sample-app.ts';

let sample: SampleApp | undefined;
afterEach(async () => {
  await sample?.app.close();
  sample = undefined;
});

describe('request logging', () => {
  it('logs one line per request with the route pattern and request id; probes stay at debug', async () => {
    sample = buildSampleApp();
    await sample.app.inject({ headers: sampleAuth, method: 'GET', url: '/health/live' });
    await sample.app.inject({
      method: 'POST',
      url: '/v1/customers/8b0c7a4e-7d3f-4a5b-9c1d-2e3f4a5b6c7d/things',
      headers: { ...sampleAuth, ...{ 'x-request-id': 'corr-7' } },
      payload: { amount: 10, currency: 'EUR', customer: { email: 'a@b.example' } },
    });
    const entries = sample.logs.map((line) => JSON.parse(line));
    expect(entries.map((entry) => entry.msg)).toEqual(['request completed']);
    expect(entries[0]).toMatchObject({
      reqId: 'corr-7',
      method: 'POST',
      route: '/v1/customers/:customerId/things',
      statusCode: 201,
      durationMs: expect.any(Number),
    });
  });

  it('logs a failed request without the input a database error quoted', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({ headers: sampleAuth, method: 'GET', url: '/v1/bad-number' });
    expect(response.statusCode).toBe(500);
    const failed = sample.logs
      .map((line) => JSON.parse(line))
      .find((entry) => entry.msg === 'request failed');
    expect(failed?.err).toMatchObject({
      code: '22P02',
      message: 'invalid input syntax for type numeric: "[redacted]"',
    });
    expect(sample.logs.join('')).not.toContain('private-mail');
  });

  it('replaces a request id that does not look like one', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { ...sampleAuth, ...{ 'x-request-id': 'evil\nid with spaces' } },
    });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names the person the console acts for (X-Acting-User), only when it is a plain user name', async () => {
    sample = buildSampleApp();
    for (const user of ['li.na', 'evil\nforged line']) {
      await sample.app.inject({
        method: 'POST',
        url: '/v1/customers/8b0c7a4e-7d3f-4a5b-9c1d-2e3f4a5b6c7d/things',
        headers: { ...sampleAuth, 'x-acting-user': user },
        payload: { amount: 10, currency: 'EUR' },
      });
    }
    const entries = sample.logs.map((line) => JSON.parse(line)).filter((e) => e.msg === 'request completed');
    expect(entries.map((entry) => entry.actingUser)).toEqual(['li.na', undefined]);
  });
});
