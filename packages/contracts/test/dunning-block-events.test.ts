import { describe, expect, it } from 'vitest';
import { DunningBlockData, DunningEventTypes } from '../src/index.ts';
import { issuePaths } from './samples.ts';

const block = {
  blockId: 'blk-1',
  scope: 'invoice',
  customerId: 'cust-1',
  invoiceId: 'inv-1',
  reason: 'bankruptcy',
  note: 'insolvency filed',
  until: '2026-12-31T00:00:00Z',
  placedBy: 'console',
  placedAt: '2026-12-01T09:00:00Z',
  liftedAt: null,
  liftedBy: null,
  by: 'console',
  at: '2026-12-01T09:00:00Z',
};

describe('dunning.block.* data', () => {
  it('is on dunning.events.v1 as placed, changed and lifted', () => {
    expect(DunningEventTypes).toEqual(
      expect.arrayContaining(['dunning.block.placed', 'dunning.block.changed', 'dunning.block.lifted']),
    );
  });

  it('accepts a block of either scope, with or without note and until', () => {
    expect(DunningBlockData.parse(block)).toEqual(block);
    const open = { ...block, scope: 'customer', invoiceId: null, note: null, until: null };
    expect(issuePaths(DunningBlockData, open)).toEqual([]);
  });

  it.each([
    ['an unknown reason', { reason: 'holiday' }, ['reason']],
    ['an unknown scope', { scope: 'group' }, ['scope']],
    ['a blank note', { note: '  ' }, ['note']],
    ['an until that is no instant', { until: '2026-12-31' }, ['until']],
    ['an unknown field', { extra: 1 }, ['']],
  ])('rejects %s', (_what, change, paths) => {
    expect(issuePaths(DunningBlockData, { ...block, ...change })).toEqual(paths);
  });
});
