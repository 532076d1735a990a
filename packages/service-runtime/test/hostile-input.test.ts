import { afterEach, describe, expect, it } from 'vitest';
import { buildSampleApp, type SampleApp, sampleAuth } from './sample-app.ts';

let sample: SampleApp | undefined;
afterEach(async () => {
  await sample?.app.close();
  sample = undefined;
});

// Found by fuzzing every endpoint: each of these was a 500 (PostgreSQL refusing the text) or an
// answer in fastify's own JSON format instead of a problem.
describe('input a service must refuse before it reaches its handler', () => {
  it.each([
    ['NUL', '"id\\u0000"', 'must not contain the NUL character (U+0000)'],
    ['a lone surrogate', '"id\\ud800"', 'must be well-formed Unicode (it holds a lone surrogate)'],
  ])('refuses %s in any string with a 400 naming the field', async (_what, json, message) => {
    sample = buildSampleApp();
    const response = await sample.app.inject({
      headers: { ...sampleAuth, 'content-type': 'application/json' },
      method: 'POST',
      url: '/v1/conflict',
      payload: `{"id": ${json}}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors).toEqual([{ path: 'body.id', message }]);
  });

  it('refuses NUL in path and query parameters too', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({
      headers: sampleAuth,
      method: 'POST',
      url: '/v1/customers/%00/things?dryRun=%00',
      payload: { amount: 1, currency: 'CNY', customer: { email: 'a@b.cd' } },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((error: { path: string }) => error.path);
    expect(paths).toContain('params.customerId');
  });

  it.each([
    ['a broken escape', '/v1/customers/%zz/things', 400],
    ['invalid UTF-8', '/v1/customers/%C0%80/things', 400],
    ['a parameter longer than the router takes', `/v1/customers/${'x'.repeat(101)}/things`, 414],
  ])('answers a URL with %s as a problem', async (_what, url, status) => {
    sample = buildSampleApp();
    const response = await sample.app.inject({ headers: sampleAuth, method: 'POST', url, payload: {} });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status, detail: expect.stringContaining('/v1/customers/') });
  });
});
