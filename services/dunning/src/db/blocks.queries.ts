import type { DunningBlockReason, DunningBlockScope } from '@dunning/contracts';
import type pg from 'pg';

type Db = pg.Pool | pg.PoolClient;

export interface BlockRow {
  block_id: string;
  scope: DunningBlockScope;
  customer_id: string;
  invoice_id: string | null;
  reason: DunningBlockReason;
  note: string | null;
  until: Date | null;
  placed_by: string;
  placed_at: Date;
  changed_at: Date | null;
  /** Who changed it last (`actorOf`: a key's name or `console:<user>`). */
  changed_by: string | null;
  lifted_at: Date | null;
  lifted_by: string | null;
}

const BLOCK_COLUMNS = `block_id, scope, customer_id, invoice_id, reason, note, until, placed_by, placed_at,
  changed_at, lifted_at, lifted_by, changed_by`;

// A block holds while it is not lifted and its end, if any, is still ahead ($n: the service clock).
const holds = (b: string, now: string) =>
  `${b}.lifted_at IS NULL AND (${b}.until IS NULL OR ${b}.until > ${now})`;

export async function lockBlock(tx: pg.PoolClient, blockId: string): Promise<BlockRow | undefined> {
  const result = await tx.query<BlockRow>({
    text: `SELECT ${BLOCK_COLUMNS} FROM dunning_blocks WHERE block_id = $1 FOR UPDATE`,
    values: [blockId],
  });
  return result.rows[0];
}

export async function findBlock(db: Db, blockId: string): Promise<BlockRow | undefined> {
  const result = await db.query<BlockRow>({
    text: `SELECT ${BLOCK_COLUMNS} FROM dunning_blocks WHERE block_id = $1`,
    values: [blockId],
  });
  return result.rows[0];
}

/** Inserts the block unless its id exists; returns whether it did. */
export async function insertBlock(tx: pg.PoolClient, b: BlockRow): Promise<boolean> {
  const result = await tx.query({
    text: `INSERT INTO dunning_blocks (${BLOCK_COLUMNS})
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, NULL, NULL) ON CONFLICT (block_id) DO NOTHING`,
    values: [
      b.block_id,
      b.scope,
      b.customer_id,
      b.invoice_id,
      b.reason,
      b.note,
      b.until,
      b.placed_by,
      b.placed_at,
    ],
  });
  return result.rowCount === 1;
}

export async function changeBlock(
  tx: pg.PoolClient,
  blockId: string,
  change: { reason: DunningBlockReason; note: string | null; until: Date | null },
  by: string,
  at: Date,
): Promise<BlockRow> {
  const result = await tx.query<BlockRow>({
    text: `UPDATE dunning_blocks SET reason = $2, note = $3, until = $4, changed_at = $5, changed_by = $6
           WHERE block_id = $1 RETURNING ${BLOCK_COLUMNS}`,
    values: [blockId, change.reason, change.note, change.until, at, by],
  });
  return result.rows[0]!;
}

export async function liftBlock(tx: pg.PoolClient, blockId: string, by: string, at: Date): Promise<BlockRow> {
  const result = await tx.query<BlockRow>({
    text: `UPDATE dunning_blocks SET lifted_at = $3, lifted_by = $2 WHERE block_id = $1
           RETURNING ${BLOCK_COLUMNS}`,
    values: [blockId, by, at],
  });
  return result.rows[0]!;
}

export async function listBlocks(
  db: Db,
  filter: { customerId?: string; invoiceId?: string; active?: boolean },
  now: Date,
): Promise<BlockRow[]> {
  const result = await db.query<BlockRow>({
    text: `SELECT ${BLOCK_COLUMNS} FROM dunning_blocks b
           WHERE ($1::text IS NULL OR b.customer_id = $1) AND ($2::text IS NULL OR b.invoice_id = $2)
             AND ($3::boolean IS NULL OR (${holds('b', '$4')}) = $3)
           ORDER BY b.placed_at, b.block_id LIMIT 1000`,
    values: [filter.customerId ?? null, filter.invoiceId ?? null, filter.active ?? null, now],
  });
  return result.rows;
}

/** The blocks holding now on each of these invoices: their own and their customer's. */
export async function blocksHoldingInvoices(
  db: Db,
  invoices: readonly { invoiceId: string; customerId: string }[],
  now: Date,
): Promise<Map<string, BlockRow[]>> {
  const held = new Map<string, BlockRow[]>();
  if (invoices.length === 0) return held;
  const result = await db.query<BlockRow & { for_invoice: string }>({
    text: `SELECT x.invoice_id AS for_invoice, ${BLOCK_COLUMNS.split(',')
      .map((c) => `b.${c.trim()}`)
      .join(', ')}
           FROM unnest($1::text[], $2::text[]) AS x (invoice_id, customer_id)
             JOIN dunning_blocks b ON b.invoice_id = x.invoice_id
               OR (b.scope = 'customer' AND b.customer_id = x.customer_id)
           WHERE ${holds('b', '$3')}
           ORDER BY b.placed_at, b.block_id`,
    values: [invoices.map((i) => i.invoiceId), invoices.map((i) => i.customerId), now],
  });
  for (const { for_invoice, ...block } of result.rows)
    held.set(for_invoice, [...(held.get(for_invoice) ?? []), block]);
  return held;
}

/** SQL condition: no block holds the step `s` at `now` (the sweeper leaves blocked steps alone). */
export const notBlockedSql = (now: string) =>
  `NOT EXISTS (SELECT 1 FROM dunning_blocks b
               WHERE (b.invoice_id = s.invoice_id OR (b.scope = 'customer' AND b.customer_id = s.customer_id))
                 AND ${holds('b', now)})`;

/** Invoices of the open cases a block covers: the customer's, or the one invoice. */
export async function casesUnderBlock(tx: pg.PoolClient, b: BlockRow): Promise<string[]> {
  const result = await tx.query<{ invoice_id: string }>({
    text: `SELECT invoice_id FROM dunning_cases
           WHERE customer_id = $1 AND ($2::text IS NULL OR invoice_id = $2) AND status <> 'closed'
           ORDER BY invoice_id`,
    values: [b.customer_id, b.invoice_id],
  });
  return result.rows.map((r) => r.invoice_id);
}
