/**
 * How much to fuzz. `FUZZ_RUNS`: inputs per endpoint (and messages for the ERP topic); the default
 * keeps a test run short, `npm run fuzz` sends 100,000. `FUZZ_SEED` replays a run; `FUZZ_ONLY`, a
 * regular expression over "service METHOD /path", narrows a long run to some endpoints.
 */
export interface FuzzSettings {
  runs: number;
  seed: number;
  only: RegExp | undefined;
}

export const DEFAULT_FUZZ_RUNS = 100;

export function fuzzSettings(env: Record<string, string | undefined> = process.env): FuzzSettings {
  const runs = env.FUZZ_RUNS ? Number(env.FUZZ_RUNS) : DEFAULT_FUZZ_RUNS;
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`FUZZ_RUNS must be a positive integer, got ${env.FUZZ_RUNS}`);
  const seed = env.FUZZ_SEED ? Number(env.FUZZ_SEED) : Date.now() % 2_147_483_647;
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${env.FUZZ_SEED}`);
  return { runs, seed, only: env.FUZZ_ONLY ? new RegExp(env.FUZZ_ONLY) : undefined };
}

/** A 31-bit seed for one stream of inputs, derived from the run's seed and the stream's name. */
export function streamSeed(seed: number, name: string): number {
  let hash = seed | 0;
  for (let index = 0; index < name.length; index++)
    hash = Math.imul(hash ^ name.charCodeAt(index), 0x5bd1e995);
  return (hash >>> 1) % 2_147_483_647;
}
