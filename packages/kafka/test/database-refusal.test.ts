import { describe, expect, it } from 'vitest';
import { databaseRefusal } from '../src/consumer/database-refusal.ts';

const pgError = (code: string) => Object.assign(new Error('from PostgreSQL'), { code });

describe('databaseRefusal', () => {
  it.each([
    ['22003', 'the database refused it: a number out of its column range (SQLSTATE 22003)'],
    ['22001', 'the database refused it: a text longer than its column allows (SQLSTATE 22001)'],
    ['22021', 'the database refused it: invalid data (SQLSTATE 22021)'],
    ['23514', 'the database refused it: a value against a check constraint (SQLSTATE 23514)'],
    ['23502', 'the database refused it: a missing required value (SQLSTATE 23502)'],
  ])('names %s as a refusal no retry cures', (code, reason) => {
    expect(databaseRefusal(pgError(code))).toBe(reason);
  });

  it.each([
    ['40001', 'a serialization failure'],
    ['40P01', 'a deadlock'],
    ['57P01', 'the server shutting down'],
    ['08006', 'a lost connection'],
    ['23505', 'a unique violation (a concurrent writer)'],
    ['55P03', 'a lock not available'],
  ])('leaves %s (%s) to the retries', (code) => {
    expect(databaseRefusal(pgError(code))).toBeUndefined();
  });

  it('leaves errors without a SQLSTATE to the retries', () => {
    for (const error of [
      new Error('ECONNRESET'),
      Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      null,
      'text',
    ])
      expect(databaseRefusal(error)).toBeUndefined();
  });
});
