import { describe, expect, it } from 'vitest';
import {
  compareDateOrInstant,
  DateOrInstant,
  DEFAULT_DAY_MS,
  Instant,
  IsoDate,
  isValidTimeZone,
  Locale,
  TimeZone,
} from '../src/index.ts';

describe('time', () => {
  it('a day lasts 86 400 000 ms by default', () => {
    expect(DEFAULT_DAY_MS).toBe(24 * 60 * 60 * 1000);
  });

  it.each(['2026-11-28', '2028-02-29', '2000-02-29', '2026-12-31', '0001-01-02', '9999-12-31'])(
    'IsoDate accepts %s',
    (date) => {
      expect(IsoDate.parse(date)).toBe(date);
    },
  );

  it.each([
    '2027-02-29',
    '1900-02-29',
    '2026-02-30',
    '2026-13-01',
    '2026-1-1',
    '20261128',
    '2026-11-28T00:00:00Z',
    // Found by fuzzing: year 0 matches ISO 8601 but not PostgreSQL's date (a 500 in the aging report);
    // 0001-01-01 started in a zone east of UTC is an instant in year 0 (a payment's event failed).
    '0000-01-01',
    '0001-01-01',
  ])('IsoDate rejects %s', (date) => {
    expect(IsoDate.safeParse(date).success).toBe(false);
  });

  it.each([
    '2026-11-28T09:30:00Z',
    '2026-11-28T09:30:00+08:00',
    '2026-11-28T09:30:00-05:00',
    '2026-11-28T09:30:00.123Z',
    '2028-02-29T23:59:59+14:00',
  ])('Instant accepts %s', (instant) => {
    expect(Instant.parse(instant)).toBe(instant);
  });

  it.each([
    '2026-11-28T09:30:00',
    '2026-11-28T09:30Z',
    '2026-11-28 09:30:00Z',
    '2026-11-28T09:30:00+0800',
    '2026-11-28T24:00:00Z',
    '2027-02-29T00:00:00Z',
    '2026-11-28',
    '0000-06-01T00:00:00Z',
    '0001-01-01T00:00:00+01:00',
  ])('Instant rejects %s', (instant) => {
    expect(Instant.safeParse(instant).success).toBe(false);
  });

  it('DateOrInstant takes either form', () => {
    expect(DateOrInstant.parse('2026-11-28')).toBe('2026-11-28');
    expect(DateOrInstant.parse('2026-11-28T09:30:00+08:00')).toBe('2026-11-28T09:30:00+08:00');
    expect(DateOrInstant.safeParse('2026-02-30').success).toBe(false);
    expect(DateOrInstant.safeParse('yesterday').success).toBe(false);
  });

  it('orders instants on the time line and plain dates by calendar day', () => {
    expect(compareDateOrInstant('2026-11-28T09:00:00+08:00', '2026-11-28T02:00:00Z')).toBe(-1);
    expect(compareDateOrInstant('2026-11-28T09:00:00+08:00', '2026-11-28T01:00:00Z')).toBe(0);
    expect(compareDateOrInstant('2026-11-27', '2026-11-28')).toBe(-1);
    expect(compareDateOrInstant('2026-11-28T23:00:00-05:00', '2026-11-28')).toBe(0);
    expect(compareDateOrInstant('2026-11-29', '2026-11-28T23:00:00Z')).toBe(1);
  });

  it.each(['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Calcutta'])(
    'TimeZone accepts %s',
    (zone) => {
      expect(TimeZone.parse(zone)).toBe(zone);
      expect(isValidTimeZone(zone)).toBe(true);
    },
  );

  it.each(['Mars/Base', 'asia/shanghai', '+08:00', 'GMT+8 ', '', 'Asia/Shanghai/'])(
    'TimeZone rejects %j',
    (zone) => {
      expect(TimeZone.safeParse(zone).success).toBe(false);
    },
  );

  it.each([
    ['en', true],
    ['zh-CN', true],
    ['zh', false],
    ['zh-cn', false],
    ['fr', false],
  ])('Locale %s -> %s', (locale, ok) => {
    expect(Locale.safeParse(locale).success).toBe(ok);
  });
});
