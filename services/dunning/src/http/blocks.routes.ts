import { DunningBlockReason, DunningBlockScope, EntityId, Instant, text } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import { actorOf, type FastifyPluginAsyncZod, HttpProblem, problemResponse } from '@dunning/service-runtime';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import {
  type BlockRequest,
  type BlockTarget,
  changeBlockCommand,
  liftBlockCommand,
  placeBlock,
} from '../commands/blocks.ts';
import type { CommandContext } from '../commands/command-context.ts';
import { type BlockRow, findBlock, listBlocks } from '../db/blocks.queries.ts';

const Note = text(1000);

const BlockBody = z.strictObject({
  blockId: EntityId.meta({ description: 'Chosen by the caller; placing the same id again is idempotent' }),
  reason: DunningBlockReason,
  note: Note.optional(),
  until: Instant.optional().meta({ description: 'When the block ends by itself; absent: until lifted' }),
});

export const BlockView = z.object({
  blockId: z.string(),
  scope: DunningBlockScope,
  customerId: z.string(),
  invoiceId: z.string().nullable(),
  reason: DunningBlockReason,
  note: z.string().nullable(),
  until: z.string().nullable(),
  placedBy: z.string().meta({ description: "The API key's name that placed it" }),
  placedAt: z.string(),
  changedAt: z.string().nullable(),
  changedBy: z.string().nullable().meta({ description: 'Who changed it last (null: never changed)' }),
  liftedAt: z.string().nullable(),
  liftedBy: z.string().nullable(),
  active: z.boolean().meta({ description: 'Not lifted, and `until` (if any) not passed' }),
});

export function toBlockView(b: BlockRow, now: Date) {
  return {
    blockId: b.block_id,
    scope: b.scope,
    customerId: b.customer_id,
    invoiceId: b.invoice_id,
    reason: b.reason,
    note: b.note,
    until: b.until?.toISOString() ?? null,
    placedBy: b.placed_by,
    placedAt: b.placed_at.toISOString(),
    changedAt: b.changed_at?.toISOString() ?? null,
    changedBy: b.changed_by,
    liftedAt: b.lifted_at?.toISOString() ?? null,
    liftedBy: b.lifted_by,
    active: b.lifted_at === null && (b.until === null || b.until.getTime() > now.getTime()),
  };
}

// The key's name, with the person the console acted for (`console:li.na`).
const byWhom = (request: FastifyRequest) => actorOf(request) ?? 'unknown';

const customerPlaceResponses = {
  200: BlockView.meta({ description: 'The same blockId with the same body was placed before' }),
  201: BlockView,
  409: problemResponse('The blockId exists with another body'),
};
const placeResponses = {
  ...customerPlaceResponses,
  404: problemResponse('The invoice has no dunning case'),
};

export const blocksRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; context: CommandContext }> = async (
  app,
  { pool, context },
) => {
  const place = async (target: BlockTarget, body: BlockRequest, request: FastifyRequest) => {
    const { created, block } = await withTransaction(pool, (tx) =>
      placeBlock(tx, context, target, body, byWhom(request)),
    );
    return { status: created ? (201 as const) : (200 as const), view: toBlockView(block, context.now()) };
  };

  app.post(
    '/v1/customers/:customerId/dunning-blocks',
    {
      config: { access: 'collector' },
      schema: {
        tags: ['dunning-blocks'],
        operationId: 'blockCustomerDunning',
        summary:
          'Blocks dunning of every case of a customer: no step runs, no notice or task goes out, its open tasks close (blocked); steps falling due meanwhile are owed',
        params: z.object({ customerId: EntityId }),
        body: BlockBody,
        response: customerPlaceResponses,
      },
    },
    async (request, reply) => {
      const { status, view } = await place(
        { scope: 'customer', customerId: request.params.customerId },
        request.body,
        request,
      );
      return reply.status(status).send(view);
    },
  );

  app.post(
    '/v1/invoices/:invoiceId/dunning-blocks',
    {
      config: { access: 'collector' },
      schema: {
        tags: ['dunning-blocks'],
        operationId: 'blockInvoiceDunning',
        summary: "Blocks dunning of one invoice's case (the customer's other invoices are still dunned)",
        params: z.object({ invoiceId: EntityId }),
        body: BlockBody,
        response: placeResponses,
      },
    },
    async (request, reply) => {
      const { status, view } = await place(
        { scope: 'invoice', invoiceId: request.params.invoiceId },
        request.body,
        request,
      );
      return reply.status(status).send(view);
    },
  );

  app.patch(
    '/v1/dunning-blocks/:blockId',
    {
      config: { access: 'collector' },
      schema: {
        tags: ['dunning-blocks'],
        operationId: 'changeDunningBlock',
        summary:
          "Changes a block's reason, note or end (until: null ends it only when lifted; note: null clears it); publishes dunning.block.changed with who changed it",
        params: z.object({ blockId: EntityId }),
        body: z.strictObject({
          reason: DunningBlockReason.optional(),
          note: Note.nullable().optional(),
          until: Instant.nullable().optional(),
        }),
        response: {
          200: BlockView,
          400: problemResponse('A field is invalid, or until is not later than now'),
          404: problemResponse('No such block'),
          409: problemResponse('The block is lifted'),
        },
      },
    },
    async (request) => {
      const block = await withTransaction(pool, (tx) =>
        changeBlockCommand(tx, context, request.params.blockId, request.body, byWhom(request)),
      );
      return toBlockView(block, context.now());
    },
  );

  app.delete(
    '/v1/dunning-blocks/:blockId',
    {
      config: { access: 'collector' },
      schema: {
        tags: ['dunning-blocks'],
        operationId: 'liftDunningBlock',
        summary:
          'Lifts a block (again: the same lifted block); the steps owed meanwhile then run one level at a time',
        params: z.object({ blockId: EntityId }),
        response: { 200: BlockView, 404: problemResponse('No such block') },
      },
    },
    async (request) => {
      const block = await withTransaction(pool, (tx) =>
        liftBlockCommand(tx, context, request.params.blockId, byWhom(request)),
      );
      return toBlockView(block, context.now());
    },
  );

  app.get(
    '/v1/dunning-blocks/:blockId',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['dunning-blocks'],
        operationId: 'getDunningBlock',
        summary: 'One dunning block',
        params: z.object({ blockId: EntityId }),
        response: { 200: BlockView, 404: problemResponse('No such block') },
      },
    },
    async (request) => {
      const block = await findBlock(pool, request.params.blockId);
      if (!block)
        throw new HttpProblem({ status: 404, detail: `no dunning block ${request.params.blockId}` });
      return toBlockView(block, context.now());
    },
  );

  app.get(
    '/v1/dunning-blocks',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['dunning-blocks'],
        operationId: 'listDunningBlocks',
        summary: 'Dunning blocks, oldest first (at most 1,000)',
        querystring: z.strictObject({
          customerId: EntityId.optional(),
          invoiceId: EntityId.optional().meta({ description: "That invoice's own blocks" }),
          active: z
            .enum(['true', 'false'])
            .optional()
            .meta({ description: 'true: holding now; false: lifted or past their until' }),
        }),
        response: { 200: z.object({ items: z.array(BlockView) }) },
      },
    },
    async (request) => {
      const { customerId, invoiceId, active } = request.query;
      const now = context.now();
      const rows = await listBlocks(
        pool,
        {
          ...(customerId ? { customerId } : {}),
          ...(invoiceId ? { invoiceId } : {}),
          ...(active ? { active: active === 'true' } : {}),
        },
        now,
      );
      return { items: rows.map((b) => toBlockView(b, now)) };
    },
  );
};
