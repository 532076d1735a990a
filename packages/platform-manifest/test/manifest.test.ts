import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  consoleApp,
  platformService,
  platformServices,
  repositoryRoot,
  serviceNames,
  startedByNpmStart,
} from '../src/index.ts';

describe('the platform manifest', () => {
  it('lists every service folder once (the four services and the console), each with its entry point', () => {
    const folders = readdirSync(join(repositoryRoot, 'services')).sort();
    expect([...serviceNames, consoleApp.name].sort()).toEqual(folders);
    for (const service of startedByNpmStart) expect(existsSync(service.main), service.main).toBe(true);
  });

  it('gives each service and the console its own port and schema', () => {
    expect(new Set(startedByNpmStart.map((s) => s.port)).size).toBe(startedByNpmStart.length);
    expect(new Set(startedByNpmStart.map((s) => s.schema)).size).toBe(startedByNpmStart.length);
    for (const { schema } of startedByNpmStart) expect(schema).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
    expect(startedByNpmStart.map((s) => s.name)).toEqual([...serviceNames, 'console']);
    expect(consoleApp.port).toBe(3000);
  });

  it('finds a service by name and refuses an unknown one', () => {
    expect(platformService('dunning')).toMatchObject({ port: 3003, schema: 'dunning' });
    expect(platformServices).toHaveLength(4);
    expect(() => platformService('billing' as never)).toThrow(/no service named billing/);
  });
});
