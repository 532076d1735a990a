import { afterEach, describe, expect, it } from 'vitest';
import { buildSampleApp, type SampleApp, sampleAuth } from './sample-app.ts';

let sample: SampleApp | undefined;
afterEach(async () => {
  await sample?.app.close();
  sample = undefined;
});

const validThing = { amount: 10, currency: 'EUR', customer: { email: 'a@b.example' } };
const thingUrl = '/v1/customers/8b0c7a4e-7d3f-4a5b-9c1d-2e3f4a5b6c7d/things';

describe('GET /metrics', () => {
  it('exposes default metrics and the request histogram labelled by route pattern', async () => {
    sample = buildSampleApp();
    await sample.app.inject({ headers: sampleAuth, method: 'POST', url: thingUrl, payload: validThing });
    const response = await sample.app.inject({ headers: sampleAuth, method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toContain('process_cpu_user_seconds_total');
    expect(response.body).toMatch(
      /http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/v1\/customers\/:customerId\/things",status_class="2xx"\}/,
    );
    expect(response.body).not.toContain('8b0c7a4e');
  });
});

describe('OpenAPI docs', () => {
  it('serves an OpenAPI 3.1 document built from the zod schemas', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({ headers: sampleAuth, method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.info).toMatchObject({
      title: 'sample',
      version: '1.2.3',
      description: 'A service under test',
    });
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/health/live',
        '/health/ready',
        '/metrics',
        '/v1/customers/{customerId}/things',
      ]),
    );
    expect(Object.keys(document.paths).some((path) => path.startsWith('/docs'))).toBe(false);
    expect(document.paths['/health/ready'].get.responses['503'].content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
    });
    expect(document.components.schemas.ProblemDetails).toHaveProperty(['properties', 'status']);
    const operation = document.paths['/v1/customers/{customerId}/things'].post;
    const body = operation.requestBody.content['application/json'].schema;
    expect(body).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: expect.arrayContaining(['amount', 'currency', 'customer']),
      properties: { amount: { type: 'number' }, currency: { type: 'string', minLength: 3, maxLength: 3 } },
    });
    expect(operation.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'path', name: 'customerId', required: true }),
        expect.objectContaining({ in: 'query', name: 'dryRun' }),
      ]),
    );
  });

  it('names each operation and the problems every route can answer', async () => {
    sample = buildSampleApp();
    const document = (
      await sample.app.inject({ headers: sampleAuth, method: 'GET', url: '/docs/json' })
    ).json();
    // No fixed port: only the address the document was fetched from.
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    const problem = (name: string) => ({
      description: expect.any(String),
      content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${name}` } } },
    });
    const create = document.paths['/v1/customers/{customerId}/things'].post;
    expect(create.operationId).toBe('createThing');
    expect(create.responses).toMatchObject({
      400: problem('ValidationProblem'),
      401: problem('ProblemDetails'),
      403: problem('ProblemDetails'),
      413: problem('ProblemDetails'),
      414: problem('ProblemDetails'),
      415: problem('ProblemDetails'),
      429: problem('ProblemDetails'),
    });
    expect(document.components.schemas.ValidationProblem).toHaveProperty(['properties', 'errors']);
    // A route's own entry for a status wins over the shared one.
    expect(document.paths['/v1/conflict'].post.responses['409'].description).toBe('Always');
    // No input, no 400; exempt from the rate limit and public, no 401, 403 or 429.
    expect(Object.keys(document.paths['/metrics'].get.responses)).toEqual(['200', '401', '403', '429']);
    expect(Object.keys(document.paths['/health/live'].get.responses)).toEqual(['200']);
    // Only the named schemas some operation uses: not the zod provider's unused input variants.
    expect(Object.keys(document.components.schemas).sort()).toEqual(['ProblemDetails', 'ValidationProblem']);
  });

  it('serves the UI as HTML at /docs', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({ headers: sampleAuth, method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/swagger/i);
  });
});
