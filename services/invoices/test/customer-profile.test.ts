import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, type LedgerUnderTest, startLedger } from './ledger-harness.ts';

let ledger: LedgerUnderTest;
beforeAll(async () => {
  ledger = await startLedger({ prefix: 'profile' });
});
afterAll(() => ledger.close());

describe('GET /v1/customers/:customerId', () => {
  it('answers the profile as last upserted, with its collector', async () => {
    const put = await ledger.service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/customers/c-profile',
      payload: { ...customer('Asia/Shanghai'), name: '上海贸易有限公司' },
    });
    expect(put.statusCode).toBe(200);
    const view = await ledger.get('/v1/customers/c-profile');
    expect(view.status).toBe(200);
    expect(view.body).toEqual({
      ...customer('Asia/Shanghai'),
      name: '上海贸易有限公司',
      customerId: 'c-profile',
    });
  });

  it('is a 404 problem for an unknown customer', async () => {
    const view = await ledger.get('/v1/customers/c-nobody');
    expect(view.status).toBe(404);
    expect(view.body).toMatchObject({ status: 404 });
  });
});
