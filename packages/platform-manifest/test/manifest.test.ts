import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { platformService, platformServices, repositoryRoot, serviceNames } from '../src/index.ts';

describe('the platform manifest', () => {
  it('lists every service folder once, each with its entry point', () => {
    const folders = readdirSync(join(repositoryRoot, 'services')).sort();
    expect([...serviceNames].sort()).toEqual(folders);
    for (const service of platformServices) expect(existsSync(service.main), service.main).toBe(true);
  });

  it('gives each service its own port and schema', () => {
    expect(new Set(platformServices.map((s) => s.port)).size).toBe(platformServices.length);
    expect(new Set(platformServices.map((s) => s.schema)).size).toBe(platformServices.length);
    for (const { schema } of platformServices) expect(schema).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
  });

  it('finds a service by name and refuses an unknown one', () => {
    expect(platformService('dunning')).toMatchObject({ port: 3003, schema: 'dunning' });
    expect(() => platformService('billing' as never)).toThrow(/no service named billing/);
  });
});
