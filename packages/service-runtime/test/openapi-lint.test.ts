import { lintOpenApi } from '@dunning/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSampleApp, type SampleApp, sampleAuth } from './sample-app.ts';

let sample: SampleApp | undefined;
afterEach(async () => {
  await sample?.app.close();
  sample = undefined;
});

describe('OpenAPI lint', () => {
  it('finds nothing in the document of an app built by createHttpApp', async () => {
    sample = buildSampleApp();
    const response = await sample.app.inject({ headers: sampleAuth, method: 'GET', url: '/docs/json' });
    const problems = await lintOpenApi(response.json());
    expect(problems).toEqual([]);
  });
});
