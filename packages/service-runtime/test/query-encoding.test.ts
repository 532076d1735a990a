import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApp, createLogger, httpSecurityFromConfig } from '../src/index.ts';

const adminKey = 'admin-key-0123456789abcdef';
const app = createHttpApp({
  name: 'query-encoding',
  version: '0',
  logger: createLogger({ name: 'query-encoding', level: 'silent' }),
  readinessChecks: [],
  security: httpSecurityFromConfig({
    ADMIN_API_KEY: adminKey,
    RATE_LIMIT_PER_MINUTE: 1_000,
    CORS_ORIGINS: [],
  }),
  routes: async (routes) => {
    routes.get(
      '/v1/report',
      {
        config: { access: 'admin' },
        schema: { querystring: z.strictObject({ industry: z.string().optional() }) },
      },
      async (request) => ({ industry: request.query.industry ?? null }),
    );
  },
});
const get = (query: string) =>
  app.inject({ method: 'GET', url: `/v1/report?${query}`, headers: { authorization: `Bearer ${adminKey}` } });

afterAll(() => app.close());

describe('query string encoding', { timeout: 30_000 }, () => {
  it.each([
    ['an encoded lone high surrogate', 'industry=lone%20%ED%A0%80'],
    ['an encoded lone low surrogate', 'industry=%ED%B0%80'],
    ['a cut UTF-8 sequence', 'industry=caf%C3'],
    ['a stray percent sign', 'industry=100%'],
    ['bad bytes in the name', 'ind%FFustry=x'],
  ])('refuses %s with a 400 naming the parameter', async (_case, query) => {
    const response = await get(query);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors[0].path).toMatch(/^querystring\./);
  });

  it('reads well-formed UTF-8, plus signs and reserved characters as sent', async () => {
    const response = await get('industry=caf%C3%A9+%26+%E4%B8%AD%F0%9F%98%80');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ industry: 'café & 中😀' });
  });
});
