import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IContainer, IEnvVar } from 'kubernetes-models/v1';
import { Service } from 'kubernetes-models/v1';
import { platformSecretName, type WorkloadSettings } from './settings.ts';

export const platformConfigMapName = 'dunning-platform';
export const partOf = 'dunning-platform';

// A service stops its consumers, jobs and HTTP server on SIGTERM (runUntilSignalled); a BullMQ job in
// flight and an open Kafka batch take up to ~30 s, so the pod gets that and some margin.
const terminationGracePeriodSeconds = 45;
// Lets the endpoints controller take the pod out of the Service before it stops accepting requests.
const preStopSleepSeconds = 5;

const labels = (name: string, component: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/component': component,
  'app.kubernetes.io/part-of': partOf,
});

export interface ImageOptions {
  image: string;
}

function envOf(settings: WorkloadSettings): IEnvVar[] {
  return [
    { name: 'PORT', value: String(settings.port) },
    ...Object.entries(settings.env).map(([name, value]) => ({ name, value })),
    ...Object.entries(settings.secretEnv).map(([name, key]) => ({
      name,
      valueFrom: { secretKeyRef: { name: platformSecretName, key } },
    })),
    ...Object.entries(settings.optionalSecretEnv ?? {}).map(([name, key]) => ({
      name,
      valueFrom: { secretKeyRef: { name: platformSecretName, key, optional: true } },
    })),
  ];
}

function container(settings: WorkloadSettings, { image }: ImageOptions, args: string[]): IContainer {
  return {
    name: settings.name,
    image,
    command: ['node'],
    args,
    envFrom: [{ configMapRef: { name: platformConfigMapName } }],
    env: envOf(settings),
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

/** The Deployment, Service, PodDisruptionBudget and HorizontalPodAutoscaler of one workload. */
export function workloadObjects(settings: WorkloadSettings, options: ImageOptions) {
  const selector = { 'app.kubernetes.io/name': settings.name, 'app.kubernetes.io/part-of': partOf };
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 3,
  });
  const deployment = new Deployment({
    metadata: { name: settings.name, labels: labels(settings.name, 'service') },
    spec: {
      replicas: settings.replicas.min,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labels(settings.name, 'service') },
        spec: {
          terminationGracePeriodSeconds,
          containers: [
            {
              ...container(settings, options, [settings.main]),
              ports: [{ name: 'http', containerPort: settings.port }],
              resources: {
                requests: { cpu: settings.resources.cpu, memory: settings.resources.memory },
                limits: { cpu: settings.resources.cpuLimit, memory: settings.resources.memoryLimit },
              },
              // Migrations, topic creation and consumer joins take a while on a cold start.
              startupProbe: probe('/health/live', 2, 60),
              livenessProbe: probe('/health/live', 10, 3),
              readinessProbe: probe('/health/ready', 5, 2),
              lifecycle: { preStop: { exec: { command: ['sleep', String(preStopSleepSeconds)] } } },
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  });
  const service = new Service({
    metadata: { name: settings.name, labels: labels(settings.name, 'service') },
    spec: { selector, ports: [{ name: 'http', port: settings.port, targetPort: 'http' }] },
  });
  const disruptionBudget = new PodDisruptionBudget({
    metadata: { name: settings.name, labels: labels(settings.name, 'service') },
    spec: { minAvailable: 1, selector: { matchLabels: selector } },
  });
  const autoscaler = new HorizontalPodAutoscaler({
    metadata: { name: settings.name, labels: labels(settings.name, 'service') },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: settings.name },
      minReplicas: settings.replicas.min,
      maxReplicas: settings.replicas.max,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
      // Scaling in rebalances the consumer groups; wait for a sustained drop before doing it.
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  });
  return [deployment, service, disruptionBudget, autoscaler];
}

/** The Job that migrates a service's schema before its new pods roll out (docs/deploy.md). */
export function migrationJob(settings: WorkloadSettings, options: ImageOptions) {
  const name = `${settings.name}-migrate`;
  return new Job({
    metadata: { name, labels: labels(settings.name, 'migration') },
    spec: {
      backoffLimit: 2,
      ttlSecondsAfterFinished: 3600,
      template: {
        metadata: { labels: labels(settings.name, 'migration') },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              ...container(settings, options, ['scripts/migrate.ts', settings.name]),
              resources: {
                requests: { cpu: '100m', memory: '256Mi' },
                limits: { cpu: '1', memory: '512Mi' },
              },
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  });
}
