import { describe, expect, it } from 'vitest';
import { columnPositions, toOpenItem } from '../src/import/open-item.ts';

describe('columnPositions', () => {
  it('takes the columns in any order, openAmount optional', () => {
    const positions = columnPositions([
      'dueDate',
      'issueDate',
      'amount',
      'currency',
      'number',
      'customerId',
      'invoiceId',
    ]);
    expect(positions.get('invoiceId')).toBe(6);
    expect(positions.has('openAmount')).toBe(false);
  });

  it.each([
    [['invoiceId', 'customerId', 'number', 'currency', 'amount', 'issueDate'], 'lacks the columns dueDate'],
    [
      ['invoiceId', 'customerId', 'number', 'currency', 'amount', 'issueDate', 'dueDate', 'note'],
      'unknown column "note"',
    ],
    [
      ['invoiceId', 'invoiceId', 'customerId', 'number', 'currency', 'amount', 'issueDate', 'dueDate'],
      'appears twice',
    ],
  ])('refuses the header %j', (header, message) => {
    expect(() => columnPositions(header)).toThrow(message);
  });
});

describe('toOpenItem', () => {
  const positions = columnPositions([
    'invoiceId',
    'customerId',
    'number',
    'currency',
    'amount',
    'issueDate',
    'dueDate',
    'openAmount',
  ]);
  const line = (overrides: Partial<Record<string, string>> = {}) => {
    const fields = {
      invoiceId: 'I-1',
      customerId: 'C-1',
      number: 'N',
      currency: 'KWD',
      amount: '10.500',
      issueDate: '2028-02-29',
      dueDate: '2028-03-31',
      openAmount: '',
      ...overrides,
    };
    return Object.values(fields);
  };

  it('keeps exact minor units and the whole amount open when openAmount is empty', () => {
    expect(toOpenItem(line(), 2, positions)).toMatchObject({
      line: 2,
      amountMinor: 10500n,
      openMinor: 10500n,
    });
    expect(toOpenItem(line({ openAmount: '0.001' }), 3, positions)).toMatchObject({
      amountMinor: 10500n,
      openMinor: 1n,
    });
    expect(toOpenItem(line({ openAmount: '10.500' }), 3, positions)).toMatchObject({ openMinor: 10500n });
  });

  it('accepts date-times as the contract does', () => {
    const item = toOpenItem(
      line({ issueDate: '2028-02-29T10:00:00+08:00', dueDate: '2028-03-01T00:00:00Z' }),
      2,
      positions,
    );
    expect(item).toMatchObject({ invoice: { issueDate: '2028-02-29T10:00:00+08:00' } });
  });

  it.each([
    [{ amount: '10.5001' }, 'amount: KWD allows 3 decimals, got "10.5001"'],
    [{ amount: '1e3' }, 'amount: must be a decimal string such as "1234.50"'],
    [{ currency: 'kwd' }, 'currency: must be 3 upper-case letters (ISO 4217)'],
    [{ openAmount: '-1' }, 'openAmount: must be greater than 0'],
    [{ openAmount: '10.501' }, 'openAmount: must not exceed amount'],
    [{ openAmount: '1.0001' }, 'openAmount: KWD allows 3 decimals, got "1.0001"'],
    [{ number: '   ' }, 'number: must not be blank'],
    [{ customerId: 'C 1' }, 'customerId: may only contain letters, digits, ".", "_" and "-"'],
    [{ dueDate: '2028-02-28' }, 'dueDate: must not be before issueDate'],
  ])('rejects %j with its reason', (overrides, reason) => {
    expect(toOpenItem(line(overrides), 7, positions)).toEqual({ line: 7, invoiceId: 'I-1', reason });
  });

  it('rejects a line with the wrong number of fields, keeping its invoiceId', () => {
    expect(toOpenItem(['I-9', 'C-1'], 4, positions)).toEqual({
      line: 4,
      invoiceId: 'I-9',
      reason: 'expected 8 columns, found 2',
    });
  });
});
