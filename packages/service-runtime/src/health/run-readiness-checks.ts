import type { ReadinessCheck } from './readiness-checks.ts';

export type ReadinessResult = { ok: boolean; checks: Record<string, string> };

/** Runs every check concurrently; each one is `'ok'` or the reason it failed (including a timeout). */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<ReadinessResult> {
  const outcomes = await Promise.all(
    checks.map(async ({ name, check }) => [name, await settle(check, timeoutMs)] as const),
  );
  return {
    ok: outcomes.every(([, outcome]) => outcome === 'ok'),
    checks: Object.fromEntries(outcomes),
  };
}

async function settle(check: () => Promise<void>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    clearTimeout(timer);
  }
}
