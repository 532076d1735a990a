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
      // The connection sits checked out and idle while the job runs on others: a server that goes away
      // meanwhile reports on this listener (without it, an uncaught error ends the process).
      const onError = (error: Error) => {
        broken = error;
      };
      client.on('error', onError);
      const release = () => {
        client.off('error', onError);
        client.release(broken);
      };
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
          release();
          return { held: false };
        }
      } catch (error) {
        broken ??= error as Error;
        release();
        throw error;
      }
      try {
        return { held: true, value: await work() };
      } finally {
        // Not unlocked (or the connection broke): it is dropped rather than pooled, which ends the lock too.
        if (!broken)
          await client
            .query({ text: 'SELECT pg_advisory_unlock($1)', values: [key] })
            .catch((error: Error) => {
              broken = error;
            });
        release();
      }
    },
  };
}
