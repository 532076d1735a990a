import { afterEach, describe, expect, it } from 'vitest';
import type { ReadinessCheck } from '../src/index.ts';
import { buildSampleApp, type SampleApp } from './sample-app.ts';

const healthy = (name: string): ReadinessCheck => ({ name, check: async () => {} });
const failing = (name: string, message: string): ReadinessCheck => ({
  name,
  check: async () => {
    throw new Error(message);
  },
});
let hangingCalls = 0;
const hanging = (name: string): ReadinessCheck => ({
  name,
  check: () => {
    hangingCalls += 1;
    return new Promise<void>(() => {});
  },
});

let sample: SampleApp | undefined;
afterEach(async () => {
  await sample?.app.close();
  sample = undefined;
});

describe('health routes', () => {
  it('GET /health/live answers ok', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('GET /health/ready is ok when every check passes', async () => {
    sample = buildSampleApp({ readinessChecks: [healthy('postgres'), healthy('redis')] });
    const response = await sample.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('GET /health/ready answers 503 problem+json naming failing and hanging checks', async () => {
    sample = buildSampleApp({
      readinessChecks: [healthy('postgres'), failing('redis', 'connect ECONNREFUSED'), hanging('kafka')],
      readinessTimeoutMs: 50,
    });
    const started = Date.now();
    const response = await sample.app.inject({ method: 'GET', url: '/health/ready' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(hangingCalls).toBe(1);
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 503,
      title: 'Service Unavailable',
      detail: 'Failing checks: redis, kafka',
      instance: '/health/ready',
      checks: { postgres: 'ok', redis: 'connect ECONNREFUSED', kafka: 'timed out after 50 ms' },
    });
  });
});
