import type pg from 'pg';

export type CommandKind =
  | 'payment'
  | 'credit-note'
  | 'cancel'
  | 'write-off'
  | 'dispute-open'
  | 'dispute-resolve';

export type RecordedCommand =
  | { status: 'new' }
  | { status: 'duplicate'; result: unknown }
  | { status: 'conflict'; stored: unknown };

/** Records a command under its business id; a second time it says whether the body was the same. */
export async function recordCommand(
  tx: pg.PoolClient,
  kind: CommandKind,
  commandId: string,
  request: unknown,
): Promise<RecordedCommand> {
  const inserted = await tx.query({
    text: `INSERT INTO ledger_commands (kind, command_id, request) VALUES ($1, $2, $3)
           ON CONFLICT (kind, command_id) DO NOTHING`,
    values: [kind, commandId, JSON.stringify(request)],
  });
  if (inserted.rowCount === 1) return { status: 'new' };
  const stored = await tx.query<{ request: unknown; result: unknown; same: boolean }>({
    text: `SELECT request, result, request = $3::jsonb AS same FROM ledger_commands
           WHERE kind = $1 AND command_id = $2`,
    values: [kind, commandId, JSON.stringify(request)],
  });
  const row = stored.rows[0];
  if (row?.same) return { status: 'duplicate', result: row.result };
  return { status: 'conflict', stored: row?.request };
}

/** What the command did, answered again to a replay. */
export async function setCommandResult(
  tx: pg.PoolClient,
  kind: CommandKind,
  commandId: string,
  result: unknown,
): Promise<void> {
  await tx.query({
    text: 'UPDATE ledger_commands SET result = $3 WHERE kind = $1 AND command_id = $2',
    values: [kind, commandId, JSON.stringify(result)],
  });
}
