import { describe, expect, it } from 'vitest';
import { NotificationDeliveredData, NotificationDroppedData, NotificationFailedData } from '../src/index.ts';
import { delivered, dropped, failed } from './event-samples.ts';
import { issuePaths } from './samples.ts';

describe('notification events data', () => {
  it('accepts a delivered and a failed notice', () => {
    expect(NotificationDeliveredData.parse(delivered)).toEqual(delivered);
    expect(NotificationFailedData.parse(failed)).toEqual(failed);
  });

  it.each([
    ['an unknown locale', { locale: 'de' }, ['locale']],
    ['no invoices', { invoiceIds: [] }, ['invoiceIds']],
    ['a missing actionId', { actionId: undefined }, ['actionId']],
    ['an unknown channel', { channel: 'push' }, ['channel']],
  ])('rejects a delivered notice with %s', (_name, change, paths) => {
    expect(issuePaths(NotificationDeliveredData, { ...delivered, ...change })).toEqual(paths);
  });

  it.each([
    ['permanent as a string', { permanent: 'true' }, ['permanent']],
    ['a blank reason', { reason: '' }, ['reason']],
    ['a locale (not part of a failure)', { locale: 'en' }, ['']],
  ])('rejects a failed notice with %s', (_name, change, paths) => {
    expect(issuePaths(NotificationFailedData, { ...failed, ...change })).toEqual(paths);
  });

  it('accepts a dropped notice, and only a known reason', () => {
    expect(NotificationDroppedData.parse(dropped)).toEqual(dropped);
    expect(issuePaths(NotificationDroppedData, { ...dropped, reason: 'paid' })).toEqual(['reason']);
    expect(issuePaths(NotificationDroppedData, { ...dropped, droppedAt: undefined })).toEqual(['droppedAt']);
  });
});
