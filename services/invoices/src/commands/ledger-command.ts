import type pg from 'pg';
import { type CommandKind, recordCommand, setCommandResult } from '../db/ledger-commands.queries.ts';
import { holdCommand, type WaitsFor } from '../db/pending-commands.queries.ts';
import type { CommandContext } from './command-context.ts';
import { type LedgerFacts, publishFacts } from './ledger-events.ts';

/** What a command is still waiting for: the invoice or dispute has not arrived. */
export interface Wait {
  waitsFor: WaitsFor;
  id: string;
}

export type CommandResult = Record<string, unknown>;

/**
 * A ledger command by its business id: `prepare` takes its locks and says whether it must wait;
 * `apply` books it (throwing LedgerRuleError before writing when it can never apply).
 */
export interface LedgerCommand {
  kind: CommandKind;
  commandId: string;
  /** Name of the business id in answers, e.g. `paymentId`. */
  idField: string;
  request: Record<string, unknown>;
  prepare(tx: pg.PoolClient, context: CommandContext): Promise<Wait | undefined>;
  apply(tx: pg.PoolClient, context: CommandContext, facts: LedgerFacts): Promise<CommandResult>;
}

export type CommandOutcome =
  | { status: 'applied'; result: CommandResult }
  | { status: 'pending'; result: CommandResult }
  | { status: 'duplicate'; result: CommandResult }
  | { status: 'conflict'; stored: unknown };

function pendingResult(command: LedgerCommand, wait: Wait): CommandResult {
  return {
    [command.idField]: command.commandId,
    status: 'pending',
    detail: `held until ${wait.waitsFor} ${wait.id} arrives`,
    waitingFor: wait,
  };
}

/** Runs a command once per business id: a replay answers the first result, another body a conflict. */
export async function executeCommand(
  tx: pg.PoolClient,
  context: CommandContext,
  command: LedgerCommand,
): Promise<CommandOutcome> {
  const recorded = await recordCommand(tx, command.kind, command.commandId, command.request);
  if (recorded.status === 'duplicate')
    return { status: 'duplicate', result: recorded.result as CommandResult };
  if (recorded.status === 'conflict') return recorded;
  const wait = await command.prepare(tx, context);
  if (wait) {
    await holdCommand(tx, wait.waitsFor, wait.id, {
      kind: command.kind,
      command_id: command.commandId,
      request: command.request,
      source: context.source,
    });
    const result = pendingResult(command, wait);
    await setCommandResult(tx, command.kind, command.commandId, result);
    return { status: 'pending', result };
  }
  const facts: LedgerFacts = [];
  const result = await command.apply(tx, context, facts);
  await publishFacts(tx, context, facts);
  await setCommandResult(tx, command.kind, command.commandId, result);
  return { status: 'applied', result };
}
