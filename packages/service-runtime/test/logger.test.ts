import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.ts';

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger({ name: 'test', level: 'info', destination }), lines };
}

describe('createLogger', () => {
  it('redacts personal data at the top level and nested, but keeps names and ids', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        email: 'top@example.com',
        customer: {
          customerId: 'c-1',
          name: 'Acme GmbH',
          email: 'billing@acme.example',
          phone: '+49 30 1234567',
          address: { line1: 'Hauptstr. 1', city: 'Berlin' },
        },
        event: { data: { contact: { phone: '+1 555 0100', postalCode: '10115' } } },
        batch: [{ email: 'first@example.com' }],
      },
      'customer upserted',
    );
    const output = lines.join('');
    expect(output).not.toMatch(/@example\.com|@acme\.example|\+49|\+1 555|Hauptstr|10115/);
    expect(output).toContain('Acme GmbH');
    expect(output).toContain('c-1');
    const entry = JSON.parse(output);
    expect(entry.customer.email).toBe('[redacted]');
    expect(entry.customer.address).toBe('[redacted]');
    expect(entry.event.data.contact.phone).toBe('[redacted]');
  });

  it('redacts credentials in headers', () => {
    const { logger, lines } = captureLogger();
    logger.info({
      req: { headers: { authorization: 'Bearer s3cret', cookie: 'sid=abc', 'set-cookie': 'x' } },
    });
    const entry = JSON.parse(lines.join(''));
    expect(entry.req.headers).toEqual({
      authorization: '[redacted]',
      cookie: '[redacted]',
      'set-cookie': '[redacted]',
    });
  });

  it('redacts the row values PostgreSQL quotes in an error detail, keeping the error itself', () => {
    const { logger, lines } = captureLogger();
    const error = Object.assign(new Error('new row for relation "customers" violates check constraint'), {
      code: '23514',
      detail: 'Failing row contains (c-1, Juergen Holzapfel, jh@private-mail.example).',
    });
    logger.error({ err: error }, 'applying events failed');
    logger.warn({ chunk: { err: error } }, 'nested');
    const output = lines.join('');
    expect(output).not.toMatch(/Juergen|private-mail/);
    const entry = JSON.parse(lines[0]!);
    expect(entry.err).toMatchObject({ code: '23514', detail: '[redacted]' });
    expect(entry.err.message).toContain('violates check constraint');
  });

  it('redacts the input PostgreSQL quotes in a data error message and stack, keeping the rest', () => {
    const { logger, lines } = captureLogger();
    const syntax = Object.assign(
      new Error('invalid input syntax for type numeric: "jh@private-mail.example"'),
      {
        code: '22P02',
      },
    );
    const range = Object.assign(new Error('value "4915112345678" is out of range for type integer'), {
      code: '22003',
    });
    const unique = Object.assign(
      new Error('duplicate key value violates unique constraint "customers_pkey"'),
      {
        code: '23505',
      },
    );
    logger.error({ err: syntax }, 'request failed');
    logger.error({ err: range }, 'request failed');
    logger.error({ err: unique }, 'request failed');
    const output = lines.join('');
    expect(output).not.toMatch(/private-mail|4915112345678/);
    const [first, second, third] = lines.map((line) => JSON.parse(line));
    expect(first.err).toMatchObject({
      code: '22P02',
      message: 'invalid input syntax for type numeric: "[redacted]"',
    });
    expect(first.err.stack).toContain('invalid input syntax for type numeric: "[redacted]"');
    expect(second.err.message).toBe('value "[redacted]" is out of range for type integer');
    // Outside class 22 the quotes name schema objects, which stay readable.
    expect(third.err.message).toContain('"customers_pkey"');
  });
});
