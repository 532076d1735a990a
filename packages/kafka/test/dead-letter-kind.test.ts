import { describe, expect, it } from 'vitest';
import { deadLetterKind } from '../src/index.ts';

describe('deadLetterKind', () => {
  it.each([
    ['rejected: 23505 unique_violation', 'rejected'],
    ['schema: data.amount: Invalid input', 'schema'],
    ['invalid JSON at position 12', 'invalid-json'],
    ['invalid JSON', 'invalid-json'],
    ['unstorable text: data.name', 'unstorable-text'],
    ['empty message', 'empty'],
    ['something new', 'other'],
    // The reason can quote the event: only its kind becomes a label.
    ['schema: customer "ACME <script>" unknown', 'schema'],
  ])('%s -> %s', (reason, kind) => {
    expect(deadLetterKind(reason)).toBe(kind);
  });
});
