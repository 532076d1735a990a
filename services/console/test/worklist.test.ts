import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, parseWorklistFilter, worklistQuery } from '../src/domain/worklist.ts';

describe('worklistQuery', () => {
  it('asks dunning for one page of the filtered buckets', () => {
    expect(worklistQuery({})).toBe(`page=1&pageSize=${PAGE_SIZE}`);
    expect(
      new URLSearchParams(
        worklistQuery({ page: 3, bucket: 'at-risk', currency: 'EUR', step: 'final-notice' }),
      ),
    ).toEqual(
      new URLSearchParams({
        page: '3',
        pageSize: String(PAGE_SIZE),
        bucket: 'at-risk',
        currency: 'EUR',
        step: 'final-notice',
      }),
    );
  });
});

describe('parseWorklistFilter', () => {
  it('keeps known values and drops the rest', () => {
    expect(parseWorklistFilter({ bucket: 'promised', currency: 'CNY', step: 'reminder' })).toEqual({
      bucket: 'promised',
      currency: 'CNY',
      step: 'reminder',
    });
    expect(parseWorklistFilter({ bucket: 'nonsense', currency: '', step: ['a', 'b'], page: '0' })).toEqual(
      {},
    );
    expect(parseWorklistFilter({ page: '2' })).toEqual({ page: 2 });
    expect(parseWorklistFilter({ page: '1.5' })).toEqual({});
  });
});
