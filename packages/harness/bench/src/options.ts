import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repositoryRoot, type ServiceName, serviceNames } from '@dunning/platform-manifest';
import { z } from 'zod';

export const PHASES = ['ceilings', 'ingest', 'latency', 'burst', 'pages'] as const;
export type Phase = (typeof PHASES)[number];
export const SERVICE_NAMES = serviceNames;
export type { ServiceName };
/** Extra environment per service, from `--set service.KEY=value`. */
export type ServiceEnv = Partial<Record<ServiceName, Record<string, string>>>;

const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const seconds = (fallback: number) => z.coerce.number().positive().default(fallback);

const Flags = z.object({
  invoices: count(100_000),
  'invoices-per-customer': count(10),
  // 0 = as fast as the producer goes.
  'ingest-rate': z.coerce.number().int().nonnegative().default(0),
  'ingest-max-minutes': seconds(30),
  'ceiling-messages': count(200_000),
  'latency-rate': count(1_000),
  'latency-seconds': seconds(30),
  'latency-warmup-seconds': z.coerce.number().nonnegative().default(5),
  'latency-customers': count(1_000),
  'latency-drain-seconds': seconds(30),
  'burst-steps': count(100_000),
  'burst-lead-seconds': seconds(30),
  'burst-spread-ms': z.coerce.number().int().nonnegative().default(0),
  'burst-max-minutes': seconds(10),
  // Requests per URL after a warm-up one, and the time one URL may take (once it has 3 samples).
  'pages-requests': count(20),
  'pages-url-seconds': seconds(30),
  // A phase whose work has not advanced for this long stops and reports what it had (a stuck consumer).
  'stall-seconds': seconds(120),
  phases: z
    .string()
    .default(PHASES.join(','))
    .transform((value) => value.split(',').map((p) => p.trim()))
    .pipe(z.array(z.enum(PHASES)).min(1)),
  'cpu-prof': z.boolean().default(false),
  set: z
    .array(z.string().regex(/^[a-z-]+\.[A-Z0-9_]+=.*$/, 'expected service.KEY=value'))
    .default([])
    .transform(toServiceEnv),
  out: z.string().default(join(repositoryRoot, 'docs/benchmarks')),
  'work-dir': z.string().default(join(repositoryRoot, 'var/bench')),
});
export type BenchOptions = z.output<typeof Flags> & {
  databaseUrl: string;
  brokers: string[];
  redisUrl: string;
};

function toServiceEnv(settings: string[]): ServiceEnv {
  const env: ServiceEnv = {};
  for (const setting of settings) {
    const [target, ...rest] = setting.split('=');
    const [service, key] = target!.split('.') as [ServiceName, string];
    if (!SERVICE_NAMES.includes(service)) throw new Error(`--set: unknown service ${service}`);
    env[service] = { ...env[service], [key]: rest.join('=') };
  }
  return env;
}

/** The command line and the environment (the bootstrap sets the infrastructure URLs), parsed once. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(
        Object.keys(Flags.shape)
          .filter((name) => !['cpu-prof', 'set'].includes(name))
          .map((name) => [name, { type: 'string' as const }]),
      ),
      'cpu-prof': { type: 'boolean' },
      set: { type: 'string', multiple: true },
    },
  });
  const parsed = Flags.safeParse(values);
  if (!parsed.success) {
    throw new Error(
      `bench: invalid flags\n${parsed.error.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  return {
    ...parsed.data,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dunning_bench',
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}
