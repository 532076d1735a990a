import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { ConfigMap } from 'kubernetes-models/v1';
import { stringify } from 'yaml';
import { consoleIngress, sharedEnv, workloads } from './settings.ts';
import {
  type ImageOptions,
  migrationJob,
  partOf,
  platformConfigMapName,
  workloadObjects,
} from './workload.ts';

export const defaultImage = 'dunning-platform:latest';

/** Every object of `platform.yaml`: the shared ConfigMap, each workload, the console's Ingress. */
export function platformObjects(options: ImageOptions = { image: defaultImage }) {
  const config = new ConfigMap({
    metadata: { name: platformConfigMapName, labels: { 'app.kubernetes.io/part-of': partOf } },
    data: sharedEnv,
  });
  const ingress = new Ingress({
    metadata: {
      name: 'console',
      labels: { 'app.kubernetes.io/name': 'console', 'app.kubernetes.io/part-of': partOf },
    },
    spec: {
      tls: [{ hosts: [consoleIngress.host], secretName: consoleIngress.tlsSecretName }],
      rules: [
        {
          host: consoleIngress.host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'console', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  });
  return [config, ...workloads.flatMap((settings) => workloadObjects(settings, options)), ingress];
}

/** Every object of `migrations.yaml`: one Job per service that owns a schema migrated before rollout. */
export function migrationObjects(options: ImageOptions = { image: defaultImage }) {
  return workloads
    .filter((settings) => settings.migrationJob)
    .map((settings) => migrationJob(settings, options));
}

/** Multi-document YAML, as `kubectl apply -f` reads it. */
export function toYaml(objects: readonly { toJSON(): unknown }[], header: string): string {
  const documents = objects.map((object) => stringify(object.toJSON(), { lineWidth: 0 }));
  return `${header}\n---\n${documents.join('---\n')}`;
}
