import { describe, expect, it } from 'vitest';
import { CustomerUpsertBody, CustomerUpsertedData } from '../src/index.ts';
import { customer, issuePaths } from './samples.ts';

describe('erp.customer.upserted data', () => {
  it('accepts a full customer', () => {
    expect(CustomerUpsertedData.parse(customer)).toEqual(customer);
  });

  it('accepts a customer without the optional fields', () => {
    const { email: _email, phone: _phone, ...minimal } = customer;
    const address = { line1: '1 Main St', city: 'Springfield', country: 'US' };
    expect(issuePaths(CustomerUpsertedData, { ...minimal, locale: 'en', address })).toEqual([]);
  });

  it.each([
    ['unknown field', { vip: true }, ['']],
    ['bad locale', { locale: 'fr' }, ['locale']],
    ['lower-case locale', { locale: 'zh-cn' }, ['locale']],
    ['bad time zone', { timezone: 'Mars/Base' }, ['timezone']],
    ['bad email', { email: 'not-an-email' }, ['email']],
    ['local phone format', { phone: '138 0013 8000' }, ['phone']],
    ['blank name', { name: '   ' }, ['name']],
    ['long name', { name: 'x'.repeat(201) }, ['name']],
    ['negative terms', { paymentTermsDays: -1 }, ['paymentTermsDays']],
    ['fractional terms', { paymentTermsDays: 30.5 }, ['paymentTermsDays']],
    ['terms as string', { paymentTermsDays: '30' }, ['paymentTermsDays']],
    ['collector id with a colon', { collectorId: 'team:wang' }, ['collectorId']],
    ['customer id with a space', { customerId: 'C 1' }, ['customerId']],
    ['empty customer id', { customerId: '' }, ['customerId']],
    ['too long customer id', { customerId: 'C'.repeat(101) }, ['customerId']],
    ['alpha-3 country', { address: { ...customer.address, country: 'CHN' } }, ['address.country']],
    ['lower-case country', { address: { ...customer.address, country: 'cn' } }, ['address.country']],
    ['unassigned country', { address: { ...customer.address, country: 'XX' } }, ['address.country']],
    ['unknown address field', { address: { ...customer.address, state: 'SH' } }, ['address']],
    ['address without city', { address: { line1: 'x', country: 'CN' } }, ['address.city']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(CustomerUpsertedData, { ...customer, ...change })).toEqual(paths);
  });

  it.each([
    'name',
    'locale',
    'timezone',
    'industry',
    'address',
    'paymentTermsDays',
    'collectorId',
    'customerId',
  ])('requires %s', (field) => {
    const partial: Record<string, unknown> = { ...customer };
    delete partial[field];
    expect(issuePaths(CustomerUpsertedData, partial)).toEqual([field]);
  });

  it('the HTTP body is the same customer without the id from the path', () => {
    const { customerId: _id, ...body } = customer;
    expect(CustomerUpsertBody.parse(body)).toEqual(body);
    expect(issuePaths(CustomerUpsertBody, customer)).toEqual(['']);
  });
});
