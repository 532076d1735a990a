import type pg from 'pg';
import type { CommandSource } from '../commands/command-context.ts';
import type { CommandKind } from './ledger-commands.queries.ts';

export type WaitsFor = 'invoice' | 'dispute';

export interface PendingCommand {
  kind: CommandKind;
  command_id: string;
  request: unknown;
  source: CommandSource;
}

export async function holdCommand(
  tx: pg.PoolClient,
  waitsFor: WaitsFor,
  waitsForId: string,
  command: PendingCommand,
): Promise<void> {
  await tx.query({
    text: `INSERT INTO pending_commands (waits_for, waits_for_id, kind, command_id, request, source)
           VALUES ($1, $2, $3, $4, $5, $6)`,
    values: [
      waitsFor,
      waitsForId,
      command.kind,
      command.command_id,
      JSON.stringify(command.request),
      command.source,
    ],
  });
}

/** Removes and returns what waited for this invoice or dispute, in order of arrival. */
export async function releaseCommands(
  tx: pg.PoolClient,
  waitsFor: WaitsFor,
  waitsForId: string,
): Promise<PendingCommand[]> {
  const result = await tx.query<PendingCommand & { pending_id: bigint }>({
    text: `DELETE FROM pending_commands WHERE waits_for = $1 AND waits_for_id = $2
           RETURNING pending_id, kind, command_id, request, source`,
    values: [waitsFor, waitsForId],
  });
  return result.rows.sort((a, b) => (a.pending_id < b.pending_id ? -1 : 1));
}
