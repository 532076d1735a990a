import { readFileSync } from 'node:fs';
import { startedByNpmStart } from '@dunning/platform-manifest';
import { databaseUrlVariable } from '@dunning/service-runtime';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1';
import { describe, expect, it } from 'vitest';
import { migrationObjects, platformObjects, toYaml } from '../kubernetes/src/platform.ts';
import { platformSecretKeys, workloads } from '../kubernetes/src/settings.ts';
import { configLoaders, unreadVariables } from './service-env.ts';

const objects = platformObjects();
const jobs = migrationObjects();
const deployments = objects.filter((o) => o.kind === 'Deployment') as unknown as IDeployment[];
const configMap = objects.find((o) => o.kind === 'ConfigMap') as unknown as { data: Record<string, string> };

/** A container's environment as the pod sees it, with a placeholder for each Secret value. */
function podEnv(deployment: IDeployment): Record<string, string> {
  const container = deployment.spec?.template.spec?.containers[0];
  const env: Record<string, string> = { ...configMap.data };
  for (const variable of container?.env ?? []) {
    const secretKey = variable.valueFrom?.secretKeyRef?.key;
    env[variable.name] = secretKey ? placeholderFor(secretKey) : (variable.value ?? '');
  }
  return env;
}

function placeholderFor(key: string): string {
  if (key === platformSecretKeys.databaseUrl) return 'postgres://dunning:secret@postgres:5432/dunning';
  // A service's own database (the optional `<service>-database-url`).
  if (key.endsWith('-database-url')) return `postgres://dunning:secret@postgres-${key}:5432/dunning`;
  return `placeholder-${key}-0123456789abcdef`;
}

describe('Kubernetes manifests', () => {
  it('are valid against the Kubernetes API schemas', () => {
    expect(objects.length + jobs.length).toBeGreaterThan(20);
    for (const object of [...objects, ...jobs]) expect(() => object.validate(), object.kind).not.toThrow();
  });

  it('would refuse an object the API refuses (the check is not vacuous)', () => {
    const wrong = new Deployment({
      metadata: { name: 'wrong' },
      spec: {
        selector: {},
        template: {
          spec: { containers: [{ name: 'x', ports: [{ containerPort: 'http' as unknown as number }] }] },
        },
      },
    });
    expect(() => wrong.validate()).toThrow(/containerPort must be integer/);
  });

  it('are the committed platform.yaml and migrations.yaml (regenerate: node infra/kubernetes/generate.ts)', () => {
    const committed = (file: string) =>
      readFileSync(new URL(`../kubernetes/${file}`, import.meta.url), 'utf8');
    expect(committed('platform.yaml')).toContain(toYaml(objects, '').slice(1));
    expect(committed('migrations.yaml')).toContain(toYaml(jobs, '').slice(1));
  });

  it('run every workload npm start runs, on its port, with its health checks', () => {
    expect(deployments.map((d) => d.metadata?.name).sort()).toEqual(
      startedByNpmStart.map((s) => s.name).sort(),
    );
    for (const started of startedByNpmStart) {
      const deployment = deployments.find((d) => d.metadata?.name === started.name);
      const container = deployment?.spec?.template.spec?.containers[0];
      expect(container?.ports?.[0]?.containerPort, started.name).toBe(started.port);
      expect(container?.args, started.name).toEqual([`services/${started.name}/src/main.ts`]);
      expect(container?.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(container?.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(container?.resources?.limits?.memory).toBeDefined();
    }
  });

  it('give each service a configuration it accepts, naming only settings it reads', () => {
    for (const deployment of deployments) {
      const name = deployment.metadata?.name ?? '';
      expect(configLoaders[name], name).toBeDefined();
      expect(unreadVariables(name, podEnv(deployment)), name).toEqual([]);
    }
  });

  it('notice a setting the service does not read', () => {
    const deployment = deployments.find((d) => d.metadata?.name === 'dunning') as IDeployment;
    expect(unreadVariables('dunning', { ...podEnv(deployment), SEND_WINDOW: 'on' })).toEqual(['SEND_WINDOW']);
  });

  it('migrate every service that owns events before rollout, with its own database settings', () => {
    const migrated = workloads.filter((w) => w.migrationJob).map((w) => w.name);
    expect(jobs.map((job) => job.metadata?.name)).toEqual(migrated.map((name) => `${name}-migrate`));
    for (const job of jobs) {
      const container = job.spec?.template.spec?.containers[0];
      expect(container?.args?.[0]).toBe('scripts/migrate.ts');
      expect(container?.env?.some((v) => v.name === 'DATABASE_URL' && v.valueFrom?.secretKeyRef)).toBe(true);
      // A database of the service's own, when the Secret has its key; the shared one otherwise.
      const service = job.metadata?.name?.replace(/-migrate$/, '') ?? '';
      const own = container?.env?.find((v) => v.name === databaseUrlVariable(service));
      expect(own?.valueFrom?.secretKeyRef).toEqual({
        name: 'dunning-platform',
        key: `${service}-database-url`,
        optional: true,
      });
    }
  });

  it('keep secrets out of the manifests', () => {
    const text = toYaml([...objects, ...jobs], '');
    for (const secretName of ['DATABASE_URL', 'ADMIN_API_KEY', 'CONSOLE_API_KEY', 'SMTP_PASSWORD']) {
      expect(text).not.toMatch(new RegExp(`name: ${secretName}\\n\\s+value:`));
    }
  });
});
