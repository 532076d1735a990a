import { lockKey } from '@dunning/pg';
import type pg from 'pg';

/** What an exclusive periodic job runs under, so that one replica at a time runs it. */
export interface JobLock {
  /**
   * Runs `work` while holding the job's lock. With `wait` false a lock another replica holds means
   * `{ held: false }` and `work` does not run; with `wait` true it waits its turn.
   */
  hold<T>(
    job: string,
    wait: boolean,
    work: () => Promise<T>,
  ): Promise<{ held: true; value: T } | { held: false }>;
}

/**
 * A session advisory lock per job in the service's schema (`lockKey(schema, 'periodic-job:<name>')`),
 * held on one pooled connection for the run. A replica that dies mid-run loses its connection and
 * with it the lock, so no job stays locked after a crash.
 */
export function advisoryJobLock(pool: pg.Pool, schema: string): JobLock {
  return {
    async hold(job, wait, work) {
      const key = lockKey(schema, `periodic-job:${job}`);
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        // pg_advisory_lock waits its turn and answers no value; pg_try_advisory_lock answers at once.
        const { rows } = await client.query<{ locked: boolean }>({
          text: wait
            ? 'SELECT true AS locked FROM pg_advisory_lock($1)'
            : 'SELECT pg_try_advisory_lock($1) AS locked',
          values: [key],
        });
        const locked = rows[0]?.locked === true;
        if (!locked) {
          client.release();
          return { held: false };
        }
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      try {
        return { held: true, value: await work() };
      } finally {
        await client.query({ text: 'SELECT pg_advisory_unlock($1)', values: [key] }).catch((error: Error) => {
          // Not unlocked: the connection is dropped rather than pooled, which ends the lock too.
          broken = error;
        });
        client.release(broken);
      }
    },
  };
}
