import type { OpsStatus } from '@dunning/service-host';
import type { ServiceName } from '../options.ts';
import { benchAdminKey } from './platform.ts';
import type { PhaseEnvironment } from './run-phase.ts';

/** A table whose inserted rows show how far a stage of the pipeline has come. */
export interface StageTable {
  stage: string;
  service: ServiceName;
  table: string;
}

export interface StageSample {
  at: number;
  /** Rows inserted so far per stage, from PostgreSQL's statistics (cheap; may lag by a second). */
  rows: Record<string, number>;
  redisBytes: number;
}

export interface OpsSample {
  at: number;
  /** Rows waiting in each service's outbox. */
  outbox: Record<string, number>;
  /** Messages not yet consumed, per consumer group and topic. */
  lag: Record<string, number>;
  /** Job counts per queue and state (waiting, active, delayed...). */
  queues: Record<string, Record<string, number>>;
}

export async function opsStatus(
  environment: PhaseEnvironment,
  service: ServiceName,
): Promise<OpsStatus | undefined> {
  try {
    const response = await fetch(`${environment.platform.url(service)}/v1/ops/status`, {
      signal: AbortSignal.timeout(5_000),
      headers: { authorization: `Bearer ${benchAdminKey}` },
    });
    return response.ok ? ((await response.json()) as OpsStatus) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Samples the pipeline while a phase runs: rows per stage and Redis memory every second, and every
 * two seconds each service's own view (GET /v1/ops/status: outbox backlog, consumer lag, queues).
 */
export function startPipelineSampler(environment: PhaseEnvironment, tables: StageTable[]) {
  const stages: StageSample[] = [];
  const ops: OpsSample[] = [];
  const { platform, db, redis } = environment;
  const prefix = `${platform.topicPrefix}`;
  let busy = false;
  const sampleStages = async () => {
    if (busy) return;
    busy = true;
    try {
      const result = await db.query<{ schemaname: string; relname: string; inserted: string }>({
        text: `SELECT schemaname, relname, n_tup_ins::text AS inserted FROM pg_stat_user_tables
               WHERE schemaname = ANY($1::text[])`,
        values: [tables.map((t) => platform.schemaOf(t.service))],
      });
      const rows: Record<string, number> = {};
      for (const t of tables) {
        const row = result.rows.find(
          (r) => r.schemaname === platform.schemaOf(t.service) && r.relname === t.table,
        );
        rows[t.stage] = Number(row?.inserted ?? 0);
      }
      stages.push({ at: Date.now(), rows, redisBytes: await redis.usedMemory() });
    } catch {
      // A missed sample is a gap in the chart, not a failed run.
    } finally {
      busy = false;
    }
  };
  let opsBusy = false;
  const sampleOps = async () => {
    if (opsBusy) return;
    opsBusy = true;
    const at = Date.now();
    const sample: OpsSample = { at, outbox: {}, lag: {}, queues: {} };
    await Promise.all(
      platform.services.map(async ({ name }) => {
        const status = await opsStatus(environment, name);
        if (!status) return;
        sample.outbox[name] = status.outbox.backlog;
        for (const c of status.consumers) {
          const group = c.groupId.startsWith(prefix) ? c.groupId.slice(prefix.length) : c.groupId;
          const topic = c.topic.startsWith(prefix) ? c.topic.slice(prefix.length) : c.topic;
          sample.lag[`${group} <- ${topic}`] = Number(c.totalLag);
        }
        for (const q of status.queues) sample.queues[`${name}:${q.name}`] = q.counts;
      }),
    );
    ops.push(sample);
    opsBusy = false;
  };
  void sampleStages();
  void sampleOps();
  const stageTimer = setInterval(() => void sampleStages(), 1000);
  const opsTimer = setInterval(() => void sampleOps(), 2000);
  return {
    stages,
    ops,
    latest: (): StageSample | undefined => stages.at(-1),
    async stop() {
      clearInterval(stageTimer);
      clearInterval(opsTimer);
      await sampleStages();
      await sampleOps();
    },
  };
}
