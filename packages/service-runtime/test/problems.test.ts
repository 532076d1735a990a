import { afterEach, describe, expect, it } from 'vitest';
import { HttpProblem } from '../src/index.ts';
import { buildSampleApp, type SampleApp, sampleAuth } from './sample-app.ts';

let sample: SampleApp | undefined;
afterEach(async () => {
  await sample?.app.close();
  sample = undefined;
});

const thingUrl = '/v1/customers/8b0c7a4e-7d3f-4a5b-9c1d-2e3f4a5b6c7d/things';

function expectProblem(response: { statusCode: number; headers: Record<string, unknown> }, status: number) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
}

describe('problem+json errors', () => {
  it('lists every failing field with its dotted path', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({
      headers: sampleAuth,
      method: 'POST',
      url: '/v1/customers/not-a-uuid/things?dryRun=maybe',
      payload: { amount: 'ten', customer: { email: 'nope' }, colour: 'red' },
    });
    expectProblem(response, 400);
    const problem = response.json();
    expect(problem).toMatchObject({
      type: expect.any(String),
      title: 'Invalid request',
      status: 400,
      instance: '/v1/customers/not-a-uuid/things?dryRun=maybe',
    });
    const paths = problem.errors.map((error: { path: string }) => error.path);
    expect(paths.sort()).toEqual(
      [
        'params.customerId',
        'body.amount',
        'body.currency',
        'body.customer.email',
        'body.colour',
        'querystring.dryRun',
      ].sort(),
    );
    for (const error of problem.errors) expect(error.message).toEqual(expect.any(String));
    expect(problem.detail).toBe('6 invalid fields; see errors.');
  });

  it('answers 404 for an unknown route', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({ headers: sampleAuth, method: 'GET', url: '/v1/nowhere?x=1' });
    expectProblem(response, 404);
    expect(response.json()).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No route for GET /v1/nowhere',
      instance: '/v1/nowhere?x=1',
    });
  });

  it('answers 413 for a body over 1 MiB', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({
      method: 'POST',
      url: thingUrl,
      headers: { ...sampleAuth, ...{ 'content-type': 'application/json' } },
      payload: JSON.stringify({ amount: 1, padding: 'x'.repeat(1024 * 1024) }),
    });
    expectProblem(response, 413);
    expect(response.json()).toMatchObject({ status: 413, instance: thingUrl });
  });

  it('answers 415 for an unsupported media type', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({
      method: 'POST',
      url: thingUrl,
      headers: { ...sampleAuth, ...{ 'content-type': 'application/xml' } },
      payload: '<thing/>',
    });
    expectProblem(response, 415);
    expect(response.json()).toMatchObject({
      status: 415,
      title: 'Unsupported Media Type',
      detail: 'Content-Type "application/xml" is not supported',
    });
  });

  it('answers 400 for malformed JSON', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({
      method: 'POST',
      url: thingUrl,
      headers: { ...sampleAuth, ...{ 'content-type': 'application/json' } },
      payload: '{"amount": 1,',
    });
    expectProblem(response, 400);
    expect(response.json()).toMatchObject({
      status: 400,
      title: 'Bad Request',
      detail: expect.stringMatching(/JSON/),
    });
  });

  it('renders a thrown HttpProblem with its extension members', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({
      headers: sampleAuth,
      method: 'POST',
      url: '/v1/conflict',
      payload: { id: 't-1' },
    });
    expectProblem(response, 409);
    expect(response.json()).toEqual({
      type: 'about:blank',
      title: 'Thing already exists with other details',
      status: 409,
      detail: 'thing t-1 was entered with a different body',
      instance: '/v1/conflict',
      stored: { id: 't-1', amount: 1 },
      received: { id: 't-1' },
    });
  });

  it('hides internals of unexpected errors but logs them', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({
      method: 'GET',
      url: '/v1/boom',
      headers: { ...sampleAuth, ...{ 'x-request-id': 'trace-123' } },
    });
    expectProblem(response, 500);
    const problem = response.json();
    expect(problem).toMatchObject({ status: 500, title: 'Internal Server Error', requestId: 'trace-123' });
    expect(response.body).not.toMatch(/hunter2|postgres|stack|at /);
    expect(response.headers['x-request-id']).toBe('trace-123');
    const logged = sample.logs.map((line) => JSON.parse(line));
    expect(logged).toContainEqual(
      expect.objectContaining({
        reqId: 'trace-123',
        msg: 'request failed',
        err: expect.objectContaining({ stack: expect.any(String) }),
      }),
    );
  });

  it('refuses to build an HttpProblem with a non-error status', () => {
    expect(() => new HttpProblem({ status: 200 })).toThrow(RangeError);
  });
});
