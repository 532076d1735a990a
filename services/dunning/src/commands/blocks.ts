import { randomUUID } from 'node:crypto';
import type { DunningBlockData, DunningBlockReason } from '@dunning/contracts';
import { HttpProblem } from '@dunning/service-runtime';
import type pg from 'pg';
import {
  type BlockRow,
  casesUnderBlock,
  changeBlock,
  insertBlock,
  liftBlock,
  lockBlock,
} from '../db/blocks.queries.ts';
import { lockCustomersForPlanning } from '../db/case-planning.queries.ts';
import { findCase } from '../db/cases.queries.ts';
import { addTimeline, type TimelineKind } from '../db/timeline.queries.ts';
import { type CommandContext, publish } from './command-context.ts';
import { endTasksOfBlockedScope } from './end-tasks.ts';

export interface BlockRequest {
  blockId: string;
  reason: DunningBlockReason;
  note?: string | undefined;
  until?: string | undefined;
}

export type BlockTarget = { scope: 'customer'; customerId: string } | { scope: 'invoice'; invoiceId: string };

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function blockData(b: BlockRow, by: string, at: Date): DunningBlockData {
  return {
    blockId: b.block_id,
    scope: b.scope,
    customerId: b.customer_id,
    invoiceId: b.invoice_id,
    reason: b.reason,
    note: b.note,
    until: iso(b.until),
    placedBy: b.placed_by,
    placedAt: b.placed_at.toISOString(),
    liftedAt: iso(b.lifted_at),
    liftedBy: b.lifted_by,
    by,
    at: at.toISOString(),
  };
}

const untilInPast = (field: string) =>
  new HttpProblem({
    status: 400,
    title: 'Invalid request',
    detail: 'until must be later than now',
    extensions: { errors: [{ path: field, message: 'must be later than now' }] },
  });

/**
 * Serialises with the step runner: a run in progress for the customer finishes first, and the next
 * one sees the block (the runner takes the same lock).
 */
const lockCustomer = (tx: pg.PoolClient, context: CommandContext, customerId: string) =>
  lockCustomersForPlanning(tx, context.config.DB_SCHEMA, [customerId]);

async function recordOnCases(
  tx: pg.PoolClient,
  context: CommandContext,
  kind: TimelineKind & `block-${string}`,
  block: BlockRow,
  by: string,
  at: Date,
): Promise<void> {
  const invoices = await casesUnderBlock(tx, block);
  await addTimeline(
    tx,
    invoices.map((invoiceId) => ({
      invoiceId,
      at,
      kind,
      detail: {
        blockId: block.block_id,
        scope: block.scope,
        reason: block.reason,
        note: block.note,
        until: iso(block.until),
        by,
      },
    })),
  );
  const type =
    kind === 'block-placed'
      ? 'dunning.block.placed'
      : kind === 'block-changed'
        ? 'dunning.block.changed'
        : 'dunning.block.lifted';
  await publish(tx, context, type, block.customer_id, blockData(block, by, at), {
    // Placing and lifting happen once per block; a change may happen many times.
    id: kind === 'block-changed' ? randomUUID() : `${block.block_id}.${kind}`,
    subject: block.invoice_id ?? block.customer_id,
  });
}

/**
 * Places a block: 201 (created) or, for the same id again, 200 when the body is the same and 409
 * when it is not. Open collector tasks of the scope close (`blocked`): nobody should call meanwhile.
 */
export async function placeBlock(
  tx: pg.PoolClient,
  context: CommandContext,
  target: BlockTarget,
  request: BlockRequest,
  by: string,
): Promise<{ created: boolean; block: BlockRow }> {
  let customerId: string;
  if (target.scope === 'customer') customerId = target.customerId;
  else {
    const c = await findCase(tx, target.invoiceId);
    if (!c) throw new HttpProblem({ status: 404, detail: `no dunning case for invoice ${target.invoiceId}` });
    customerId = c.customer_id;
  }
  await lockCustomer(tx, context, customerId);
  const at = context.now();
  const wanted: BlockRow = {
    block_id: request.blockId,
    scope: target.scope,
    customer_id: customerId,
    invoice_id: target.scope === 'invoice' ? target.invoiceId : null,
    reason: request.reason,
    note: request.note ?? null,
    until: request.until ? new Date(request.until) : null,
    placed_by: by,
    placed_at: at,
    changed_at: null,
    changed_by: null,
    lifted_at: null,
    lifted_by: null,
  };
  const existing = await lockBlock(tx, request.blockId);
  if (existing) {
    if (sameBlock(existing, wanted)) return { created: false, block: existing };
    throw new HttpProblem({
      status: 409,
      detail: `block ${request.blockId} exists with another body`,
      extensions: { existing: blockData(existing, existing.placed_by, existing.placed_at) },
    });
  }
  if (wanted.until && wanted.until.getTime() <= at.getTime()) throw untilInPast('body.until');
  if (!(await insertBlock(tx, wanted))) {
    // Placed meanwhile by a concurrent request with the same id: answer as for a repeat.
    return placeBlock(tx, context, target, request, by);
  }
  await recordOnCases(tx, context, 'block-placed', wanted, by, at);
  await endTasksOfBlockedScope(tx, context, wanted);
  return { created: true, block: wanted };
}

function sameBlock(a: BlockRow, b: BlockRow): boolean {
  return (
    a.scope === b.scope &&
    a.customer_id === b.customer_id &&
    a.invoice_id === b.invoice_id &&
    a.reason === b.reason &&
    a.note === b.note &&
    (a.until?.getTime() ?? null) === (b.until?.getTime() ?? null)
  );
}

async function lockExisting(tx: pg.PoolClient, context: CommandContext, blockId: string): Promise<BlockRow> {
  const found = await lockBlock(tx, blockId);
  if (!found) throw new HttpProblem({ status: 404, detail: `no dunning block ${blockId}` });
  await lockCustomer(tx, context, found.customer_id);
  return found;
}

/** Changes a block's reason, note or end; a lifted block cannot change (409). */
export async function changeBlockCommand(
  tx: pg.PoolClient,
  context: CommandContext,
  blockId: string,
  change: {
    reason?: DunningBlockReason | undefined;
    note?: string | null | undefined;
    until?: string | null | undefined;
  },
  by: string,
): Promise<BlockRow> {
  const found = await lockExisting(tx, context, blockId);
  if (found.lifted_at) throw new HttpProblem({ status: 409, detail: `block ${blockId} is lifted` });
  const at = context.now();
  const until =
    change.until === undefined ? found.until : change.until === null ? null : new Date(change.until);
  if (change.until && until && until.getTime() <= at.getTime()) throw untilInPast('body.until');
  const note = change.note === undefined ? found.note : change.note;
  const reason = change.reason ?? found.reason;
  const same =
    reason === found.reason &&
    note === found.note &&
    (until?.getTime() ?? null) === (found.until?.getTime() ?? null);
  if (same) return found;
  const changed = await changeBlock(tx, blockId, { reason, note, until }, by, at);
  await recordOnCases(tx, context, 'block-changed', changed, by, at);
  return changed;
}

/** Lifts a block; lifting it again answers the same lifted block and changes nothing. */
export async function liftBlockCommand(
  tx: pg.PoolClient,
  context: CommandContext,
  blockId: string,
  by: string,
): Promise<BlockRow> {
  const found = await lockExisting(tx, context, blockId);
  if (found.lifted_at) return found;
  const at = context.now();
  const lifted = await liftBlock(tx, blockId, by, at);
  // The steps owed meanwhile are run by the sweeper once no block holds them, one level at a time.
  await recordOnCases(tx, context, 'block-lifted', lifted, by, at);
  return lifted;
}
