import { describe, expect, it } from 'vitest';
import { clusterId } from '../src/private-kafka.ts';

describe('clusterId', () => {
  it('is 22 base64url characters and never starts with "-" (the storage tool would take it for an option)', () => {
    // About one random id in 64 starts with "-": 10,000 draws would meet ~156 of them.
    const ids = Array.from({ length: 10_000 }, clusterId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
