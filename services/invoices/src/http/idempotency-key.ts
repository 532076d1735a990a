import { createHash } from 'node:crypto';
import { HttpProblem } from '@dunning/service-runtime';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { findStoredAnswer, storeAnswer } from '../db/idempotency-keys.queries.ts';

const HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\w.:-]{1,200}$/;

function keyOf(headers: Record<string, unknown>): string | undefined {
  const key = headers[HEADER];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new HttpProblem({
      status: 400,
      detail: 'Idempotency-Key must be 1 to 200 letters, digits, or . _ : -',
    });
  }
  return key;
}

/**
 * Honours the `Idempotency-Key` header on the commands registered in `app`: the first 2xx answer is
 * stored with a fingerprint of the request; the same request again gets that answer back, another
 * request under the same key a 409 showing both.
 */
export function honourIdempotencyKeys(app: FastifyInstance, pool: pg.Pool): void {
  const replayed = new WeakSet<object>();
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' && request.method !== 'PUT') return;
    const key = keyOf(request.headers);
    if (key === undefined) return;
    const received = { method: request.method, url: request.url, body: request.body ?? null };
    const fingerprint = createHash('sha256').update(JSON.stringify(received)).digest('hex');
    const row = await findStoredAnswer(pool, key);
    if (!row) return;
    if (row.fingerprint !== fingerprint) {
      throw new HttpProblem({
        status: 409,
        title: 'Idempotency-Key already used for another request',
        detail: `Idempotency-Key ${key} was first used with a different request; its answer stands`,
        extensions: { stored: row.request, received },
      });
    }
    replayed.add(request);
    return reply.code(row.status_code).header('idempotent-replayed', 'true').send(row.response);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'POST' && request.method !== 'PUT') return payload;
    if (replayed.has(request) || reply.statusCode >= 300 || typeof payload !== 'string') return payload;
    const key = keyOf(request.headers);
    if (key === undefined) return payload;
    const received = { method: request.method, url: request.url, body: request.body ?? null };
    const fingerprint = createHash('sha256').update(JSON.stringify(received)).digest('hex');
    await storeAnswer(pool, key, {
      fingerprint,
      request: received,
      statusCode: reply.statusCode,
      response: payload,
    });
    return payload;
  });
}
