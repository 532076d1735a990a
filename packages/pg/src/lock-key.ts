import { createHash } from 'node:crypto';
import { assertSchemaName } from './pool.ts';

/**
 * The advisory-lock key of `name` in `schema`. Advisory locks are database-wide, and the services'
 * schemas share one database (as parallel test runs do), so the schema is part of every key: the
 * same name locked in two schemas gives two locks. The key is the first 64 bits of
 * SHA-256(`<schema>:<name>`) as a signed bigint, the argument pg_advisory_xact_lock(bigint) takes;
 * {@link lockKeySql} computes the same number in SQL. Schema names hold no ':', so no two
 * (schema, name) pairs share an input.
 */
export function lockKey(schema: string, name: string): bigint {
  return createHash('sha256')
    .update(`${assertSchemaName(schema)}:${name}`, 'utf8')
    .digest()
    .readBigInt64BE(0);
}

/**
 * {@link lockKey} as a SQL expression (bigint), for statements that lock keys made from rows they
 * read. `schema` and `name` are SQL expressions of type text, e.g. a parameter (`$1`) and a
 * column (`'customer:' || customer_id`).
 */
export function lockKeySql(schema: string, name: string): string {
  return `('x' || left(encode(sha256(convert_to((${schema}) || ':' || (${name}), 'UTF8')), 'hex'), 16))::bit(64)::bigint`;
}
