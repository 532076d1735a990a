import { withTransaction } from '@dunning/pg';
import { HttpProblem, problemResponse } from '@dunning/service-runtime';
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import type { CommandContext } from '../commands/command-context.ts';
import { executeCommand, type LedgerCommand } from '../commands/ledger-command.ts';
import { LedgerRuleError } from '../commands/ledger-rule-error.ts';

/** What every ledger command answers; each adds its own fields (ids, applications, amounts). */
export const CommandAnswer = z.looseObject({
  status: z.string().meta({ description: 'applied outcome (e.g. applied, open, cancelled) or pending' }),
  detail: z.string().optional(),
  waitingFor: z
    .object({ waitsFor: z.enum(['invoice', 'dispute']), id: z.string() })
    .optional()
    .meta({ description: 'Set while the command is held for an invoice or dispute that has not arrived' }),
});

/** Every POST and PUT of the ledger honours `Idempotency-Key` (idempotency-key.ts). */
export const idempotencyKeyConflict = problemResponse(
  'The Idempotency-Key was first used with another request (`stored` and `received` show both)',
);

export const commandResponses = {
  200: CommandAnswer,
  201: CommandAnswer,
  202: CommandAnswer,
  409: problemResponse(
    'Received before with a different body, or under an Idempotency-Key used for another request ' +
      '(`stored` and `received` show both), or not possible in the invoice’s state',
  ),
};

/** For commands whose amount or currency must fit the invoice. */
export const notApplicable = problemResponse(
  'Not applicable to this invoice: its currency or amount does not fit',
);

export const commandDescription =
  'Idempotent on its business id: the same body again answers 200 with the first result; a different body is a 409 ' +
  'problem with `stored` and `received`. An `Idempotency-Key` header is honoured too. When the invoice (or dispute) ' +
  'has not arrived yet the command is held and answered 202 `pending`; it is applied when that arrives.';

/** Runs a ledger command in one transaction and answers 201 applied, 202 pending, 200 replay, 409 conflict. */
export async function replyWithCommand(
  pool: pg.Pool,
  context: CommandContext,
  command: LedgerCommand,
  reply: FastifyReply,
) {
  try {
    const outcome = await withTransaction(pool, (tx) => executeCommand(tx, context, command));
    if (outcome.status === 'conflict') {
      throw new HttpProblem({
        status: 409,
        title: 'Already received with other details',
        detail: `${command.idField} ${command.commandId} was received with a different body; the first one stands`,
        extensions: { stored: outcome.stored, received: command.request },
      });
    }
    const code = outcome.result.status === 'pending' ? 202 : outcome.status === 'duplicate' ? 200 : 201;
    return reply.code(code).send(outcome.result);
  } catch (error) {
    if (error instanceof LedgerRuleError) {
      throw new HttpProblem({
        status: error.status,
        title:
          error.status === 409 ? 'Not possible in the invoice’s state' : 'Not applicable to this invoice',
        detail: error.message,
      });
    }
    throw error;
  }
}
