import type { ReplicaSet, ServiceName } from '../platform/replicas.ts';

/** The periodic jobs each service runs (services/<name>/src/jobs), by their metric label. */
export const periodicJobsOf: Record<ServiceName, string[]> = {
  invoices: ['overdue-announcer'],
  'credit-risk': ['risk-assessor', 'periodic-rescore'],
  dunning: ['horizon-pump', 'sweeper'],
  notifications: ['requeue-unfinished'],
};

export interface ReplicaJobs {
  replica: string;
  job: string;
  /** Runs that finished well. */
  runs: number;
  failed: number;
  /** Turns skipped while another replica's run held the job's lock. */
  skipped: number;
}

/** Each replica's periodic-job counters, read from its `/metrics`. */
export async function periodicJobCounts(replicas: ReplicaSet, adminKey: string): Promise<ReplicaJobs[]> {
  const rows: ReplicaJobs[] = [];
  for (const replica of replicas.replicas) {
    const response = await fetch(`${replicas.url(replica)}/metrics`, {
      headers: { authorization: `Bearer ${adminKey}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok)
      throw new Error(`${replica.service}#${replica.index} /metrics answered ${response.status}`);
    const text = await response.text();
    for (const job of periodicJobsOf[replica.service]) {
      rows.push({
        replica: `${replica.service}#${replica.index + 1}`,
        job,
        runs: sample(text, 'periodic_job_runs_total', { job, outcome: 'ok' }),
        failed: sample(text, 'periodic_job_runs_total', { job, outcome: 'failed' }),
        skipped: sample(text, 'periodic_job_skipped_total', { job, reason: 'held' }),
      });
    }
  }
  return rows;
}

/** The value of one series in Prometheus' text format; 0 when absent (a counter never increased). */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return 0;
}

/** The table a run prints: per replica and job, runs, failed runs and turns skipped. */
export function periodicJobTable(rows: ReplicaJobs[]): string {
  return [
    '| replica | job | runs | failed | skipped (lock held) |',
    '| --- | --- | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row.replica} | ${row.job} | ${row.runs} | ${row.failed} | ${row.skipped} |`),
  ].join('\n');
}

/** `service#n job` for every periodic job of every one of `replicas` replicas of each service. */
export function everyReplicaJob(replicas: number): string[] {
  return Object.entries(periodicJobsOf).flatMap(([service, jobs]) =>
    Array.from({ length: replicas }, (_, i) => jobs.map((job) => `${service}#${i + 1} ${job}`)).flat(),
  );
}
