import type pg from 'pg';
import type { CollectorLoad } from '../domain/task-priority.ts';

type Db = pg.Pool | pg.PoolClient;

export interface CollectorInput {
  collectorId: string;
  name: string;
  languages: string[];
  capacity: number;
  portfolio: string[];
}

export interface CollectorRow {
  collector_id: string;
  name: string;
  languages: string[];
  capacity: number;
  portfolio: string[];
}

export async function upsertCollector(db: Db, c: CollectorInput): Promise<boolean> {
  const result = await db.query<{ inserted: boolean }>({
    text: `INSERT INTO collectors (collector_id, name, languages, capacity, portfolio) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (collector_id) DO UPDATE SET name = excluded.name, languages = excluded.languages,
             capacity = excluded.capacity, portfolio = excluded.portfolio, updated_at = now()
           RETURNING (xmax = 0) AS inserted`,
    values: [c.collectorId, c.name, c.languages, c.capacity, c.portfolio],
  });
  return result.rows[0]?.inserted ?? false;
}

export async function findCollector(db: Db, collectorId: string): Promise<CollectorRow | undefined> {
  const result = await db.query<CollectorRow>({
    text: 'SELECT collector_id, name, languages, capacity, portfolio FROM collectors WHERE collector_id = $1',
    values: [collectorId],
  });
  return result.rows[0];
}

/** Every collector with the number of tasks they hold open; locks the collectors to keep counts exact. */
export async function collectorLoads(tx: pg.PoolClient): Promise<CollectorLoad[]> {
  const result = await tx.query<{
    collector_id: string;
    capacity: number;
    portfolio: string[];
    open_tasks: number;
  }>({
    text: `SELECT c.collector_id, c.capacity, c.portfolio,
             (SELECT count(*)::int FROM collector_tasks t WHERE t.collector_id = c.collector_id AND t.queue = 'collections'
               AND t.status IN ('open', 'claimed')) AS open_tasks
           FROM collectors c ORDER BY c.collector_id FOR UPDATE OF c`,
  });
  return result.rows.map((r) => ({
    collectorId: r.collector_id,
    capacity: r.capacity,
    portfolio: r.portfolio,
    openTasks: r.open_tasks,
  }));
}
