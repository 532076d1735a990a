import { Writable } from 'node:stream';
import { testInfra } from '@dunning/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.ts';

// Errors as PostgreSQL really words them: a data error shows the input in its message, detail or
// context; a constraint error shows the row or key in its detail.
describe('logging a PostgreSQL error', () => {
  const { databaseUrl } = testInfra();
  const client = new pg.Client({ connectionString: databaseUrl });
  const lines: string[] = [];
  const logger = createLogger({
    name: 'database-error-logging',
    level: 'info',
    destination: new Writable({
      write(chunk, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    }),
  });

  beforeAll(async () => {
    await client.connect();
    await client.query(
      'CREATE TEMP TABLE contacts (email text PRIMARY KEY, phone text NOT NULL CHECK (phone <> email))',
    );
    await client.query("INSERT INTO contacts VALUES ('jh@private-mail.example', '+49 151 1234567')");
  });
  afterAll(() => client.end());

  async function logged(sql: string, values: unknown[] = []) {
    const error = await client.query(sql, values).then(
      () => undefined,
      (caught: Error) => caught,
    );
    if (!error) throw new Error(`no error from ${sql}`);
    lines.length = 0;
    logger.error({ err: error }, 'query failed');
    return { line: lines.join(''), err: JSON.parse(lines[0] ?? '{}').err };
  }

  it.each([
    {
      what: 'an unreadable byte sequence',
      sql: "SELECT convert_from('\\xe28228'::bytea, 'UTF8')",
      code: '22021',
      secret: /0xe2|0x82/,
      message: /^invalid byte sequence for encoding/,
    },
    {
      what: 'a malformed JSON document',
      sql: 'SELECT $1::jsonb',
      values: ['{"contact": zqxjv@private-mail.example}'],
      code: '22P02',
      secret: /zqxjv|private-mail/,
      message: /^invalid input syntax for type json/,
    },
    {
      what: 'a number out of range',
      sql: 'SELECT $1::integer',
      values: ['4915112345678'],
      code: '22003',
      secret: /4915112345678/,
      message: /out of range for type integer/,
    },
    {
      what: 'a key that exists',
      sql: "INSERT INTO contacts VALUES ('jh@private-mail.example', '+49 151 7654321')",
      code: '23505',
      secret: /private-mail|7654321/,
      message: /^duplicate key value violates unique constraint "contacts_pkey"$/,
    },
    {
      what: 'a failed check',
      sql: "INSERT INTO contacts VALUES ('ab@private-mail.example', 'ab@private-mail.example')",
      code: '23514',
      secret: /private-mail/,
      message: /violates check constraint "contacts_check"$/,
    },
  ])(
    'keeps $what out of the log, and its code and wording in',
    async ({ sql, values, code, secret, message }) => {
      const { line, err } = await logged(sql, values);
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(line).not.toMatch(secret);
    },
  );
});
