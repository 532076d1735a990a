import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DAY_MS,
  instantOfLocal,
  isCompressed,
  localDate,
  localParts,
  startOfLocalDay,
  zoneOffsetMs,
} from '../src/index.ts';

const iso = (ms: number | Date) => new Date(ms).toISOString();
const HOUR = 3_600_000;

describe('isCompressed: DAY_MS shorter than a real day', () => {
  it.each([
    [1, true],
    [100, true],
    [1000, true],
    [60_000, true],
    [HOUR, true],
    [DEFAULT_DAY_MS - 1, true],
    [DEFAULT_DAY_MS, false],
    [DEFAULT_DAY_MS + 1, false],
    [2 * DEFAULT_DAY_MS, false],
  ])('DAY_MS %i compressed: %s', (dayMs, compressed) => {
    expect(isCompressed(dayMs)).toBe(compressed);
  });
});

describe('localParts', () => {
  it.each([
    // instant, zone, year, month, day, hour, minute, second, weekday
    ['2026-11-30T14:30:00Z', 'Asia/Shanghai', 2026, 11, 30, 22, 30, 0, 1],
    ['2026-11-30T00:05:00Z', 'America/New_York', 2026, 11, 29, 19, 5, 0, 7],
    ['2026-11-30T16:00:00Z', 'Asia/Shanghai', 2026, 12, 1, 0, 0, 0, 2],
    ['2026-12-31T16:00:00Z', 'Asia/Shanghai', 2027, 1, 1, 0, 0, 0, 5],
    ['2027-01-01T04:59:59Z', 'America/New_York', 2026, 12, 31, 23, 59, 59, 4],
    ['2028-02-29T12:00:00Z', 'UTC', 2028, 2, 29, 12, 0, 0, 2],
    ['2028-02-28T23:00:00Z', 'Europe/Berlin', 2028, 2, 29, 0, 0, 0, 2],
    ['2026-06-15T00:00:00Z', 'Asia/Kathmandu', 2026, 6, 15, 5, 45, 0, 1],
    ['2026-06-15T00:00:00Z', 'Asia/Kolkata', 2026, 6, 15, 5, 30, 0, 1],
    ['2026-06-15T00:00:00Z', 'Australia/Eucla', 2026, 6, 15, 8, 45, 0, 1],
    ['2026-06-15T00:00:00Z', 'Pacific/Kiritimati', 2026, 6, 15, 14, 0, 0, 1],
    ['2026-06-15T00:00:00Z', 'Pacific/Pago_Pago', 2026, 6, 14, 13, 0, 0, 7],
    // Midnight is 00, never 24.
    ['2026-03-01T00:00:00Z', 'UTC', 2026, 3, 1, 0, 0, 0, 7],
    // Berlin on both sides of a DST change.
    ['2026-03-29T00:59:59Z', 'Europe/Berlin', 2026, 3, 29, 1, 59, 59, 7],
    ['2026-03-29T01:00:00Z', 'Europe/Berlin', 2026, 3, 29, 3, 0, 0, 7],
    ['2026-10-25T00:30:00Z', 'Europe/Berlin', 2026, 10, 25, 2, 30, 0, 7],
    ['2026-10-25T01:30:00Z', 'Europe/Berlin', 2026, 10, 25, 2, 30, 0, 7],
  ])('%s in %s', (instant, zone, year, month, day, hour, minute, second, weekday) => {
    expect(localParts(new Date(instant), zone)).toEqual({ year, month, day, hour, minute, second, weekday });
  });

  it('takes an instant as a number of ms as well as a Date', () => {
    const at = Date.parse('2026-11-30T14:30:00Z');
    expect(localParts(at, 'Asia/Shanghai')).toEqual(localParts(new Date(at), 'Asia/Shanghai'));
  });

  it('truncates milliseconds', () => {
    expect(localParts(Date.parse('2026-11-30T14:30:59.999Z'), 'UTC')).toMatchObject({
      minute: 30,
      second: 59,
    });
  });

  it('counts years before 1 AD as ISO 8601 does, and years below 100 as themselves', () => {
    const date = new Date(0);
    date.setUTCFullYear(0, 5, 1);
    expect(localParts(date, 'UTC')).toMatchObject({ year: 0, month: 6, day: 1 });
    date.setUTCFullYear(42, 5, 1);
    expect(localParts(date, 'UTC')).toMatchObject({ year: 42, month: 6, day: 1 });
  });

  it('gives every weekday, Monday 1 to Sunday 7', () => {
    const monday = Date.parse('2026-11-30T12:00:00Z');
    const weekdays = [0, 1, 2, 3, 4, 5, 6].map((d) => localParts(monday + d * DEFAULT_DAY_MS, 'UTC').weekday);
    expect(weekdays).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('localParts from kept hourly offsets', () => {
  // The reference: the zone's own formatter, read afresh for every instant.
  const reference = (ms: number, timeZone: string) => {
    const parts: Record<string, string> = {};
    for (const part of new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(ms))
      parts[part.type] = part.value;
    const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
    return {
      year: parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      hour: Number(parts.hour),
      minute: Number(parts.minute),
      second: Number(parts.second),
      weekday: weekdays[parts.weekday ?? ''],
    };
  };
  // Zones with half- and quarter-hour offsets, changes off the UTC hour (Lord Howe: 30 minutes; Nepal's
  // 1986 change to +05:45), historic local mean time, both hemispheres' daylight saving, none at all.
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'America/St_Johns',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Asia/Kolkata',
    'Australia/Eucla',
    'Pacific/Chatham',
    'America/Santiago',
    'Africa/Casablanca',
    'Asia/Shanghai',
    'Europe/Dublin',
  ];

  it('agree with the formatter at random instants from 1850 to 2100, in every zone', () => {
    // A fixed-seed generator, so a failure names an instant that can be tried again.
    let seed = 20261206;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const from = Date.UTC(1850, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    for (const zone of zones)
      for (let i = 0; i < 400; i++) {
        const ms = Math.floor(from + random() * (to - from));
        expect(localParts(ms, zone), `${new Date(ms).toISOString()} in ${zone}`).toEqual(reference(ms, zone));
      }
  });

  it('agree with the formatter second by second around changes on and off the hour', () => {
    const around = [
      ['Europe/Berlin', '2026-03-29T01:00:00Z'],
      ['Europe/Berlin', '2026-10-25T01:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
      ['Asia/Kathmandu', '1985-12-31T18:30:00Z'],
      ['America/St_Johns', '2026-03-08T05:30:00Z'],
    ] as const;
    for (const [zone, at] of around) {
      const change = Date.parse(at);
      for (let ms = change - 2 * 3_600_000; ms <= change + 2 * 3_600_000; ms += 7_000)
        expect(localParts(ms, zone), `${new Date(ms).toISOString()} in ${zone}`).toEqual(reference(ms, zone));
      for (const ms of [change - 1000, change - 1, change, change + 999])
        expect(localParts(ms, zone), `${new Date(ms).toISOString()} in ${zone}`).toEqual(reference(ms, zone));
    }
  });
});

describe('localDate', () => {
  it.each([
    ['2026-11-30T15:59:59Z', 'Asia/Shanghai', '2026-11-30'],
    ['2026-11-30T16:00:00Z', 'Asia/Shanghai', '2026-12-01'],
    ['2027-01-01T04:59:59Z', 'America/New_York', '2026-12-31'],
    ['2027-01-01T05:00:00Z', 'America/New_York', '2027-01-01'],
    ['2028-02-29T18:14:59Z', 'Asia/Kathmandu', '2028-02-29'],
    ['2028-02-29T18:15:00Z', 'Asia/Kathmandu', '2028-03-01'],
    ['0001-01-02T00:00:00Z', 'UTC', '0001-01-02'],
    ['9999-12-31T23:59:59Z', 'UTC', '9999-12-31'],
  ])('%s in %s is %s', (instant, zone, date) => {
    expect(localDate(new Date(instant), zone)).toBe(date);
  });
});

describe('zoneOffsetMs', () => {
  it.each([
    ['2026-01-15T12:00:00Z', 'Europe/Berlin', 1],
    ['2026-07-15T12:00:00Z', 'Europe/Berlin', 2],
    ['2026-01-15T12:00:00Z', 'America/New_York', -5],
    ['2026-07-15T12:00:00Z', 'America/New_York', -4],
    ['2026-07-15T12:00:00Z', 'Asia/Shanghai', 8],
    ['2026-07-15T12:00:00Z', 'Asia/Kathmandu', 5.75],
    ['2026-07-15T12:00:00Z', 'Asia/Kolkata', 5.5],
    ['2026-01-15T12:00:00Z', 'Australia/Lord_Howe', 11],
    ['2026-07-15T12:00:00Z', 'Australia/Lord_Howe', 10.5],
    ['2026-07-15T12:00:00Z', 'UTC', 0],
  ])('%s in %s is UTC%+d h', (instant, zone, hours) => {
    expect(zoneOffsetMs(Date.parse(instant), zone)).toBe(hours * HOUR);
  });
});

describe('startOfLocalDay', () => {
  it.each([
    ['2026-06-15', 'UTC', '2026-06-15T00:00:00.000Z'],
    ['2026-06-15', 'Pacific/Auckland', '2026-06-14T12:00:00.000Z'],
    ['2026-06-15', 'Pacific/Pago_Pago', '2026-06-15T11:00:00.000Z'],
    ['2026-06-15', 'Pacific/Kiritimati', '2026-06-14T10:00:00.000Z'],
    ['2026-12-01', 'Asia/Shanghai', '2026-11-30T16:00:00.000Z'],
    ['2027-01-01', 'Asia/Shanghai', '2026-12-31T16:00:00.000Z'],
    ['2027-01-01', 'America/New_York', '2027-01-01T05:00:00.000Z'],
    ['2028-02-29', 'Asia/Shanghai', '2028-02-28T16:00:00.000Z'],
    ['2028-03-01', 'America/New_York', '2028-03-01T05:00:00.000Z'],
    ['2026-06-15', 'Asia/Kathmandu', '2026-06-14T18:15:00.000Z'],
    ['2026-06-15', 'Asia/Kolkata', '2026-06-14T18:30:00.000Z'],
    ['2026-06-15', 'Australia/Eucla', '2026-06-14T15:15:00.000Z'],
    // Europe/Berlin: the days of the DST changes, and the days after.
    ['2026-03-29', 'Europe/Berlin', '2026-03-28T23:00:00.000Z'],
    ['2026-03-30', 'Europe/Berlin', '2026-03-29T22:00:00.000Z'],
    ['2026-10-25', 'Europe/Berlin', '2026-10-24T22:00:00.000Z'],
    ['2026-10-26', 'Europe/Berlin', '2026-10-25T23:00:00.000Z'],
    // America/New_York: the changes happen at 02:00 local.
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z'],
    ['2026-11-02', 'America/New_York', '2026-11-02T05:00:00.000Z'],
    // Australia/Lord_Howe moves its clocks by half an hour.
    ['2026-10-04', 'Australia/Lord_Howe', '2026-10-03T13:30:00.000Z'],
    ['2026-10-05', 'Australia/Lord_Howe', '2026-10-04T13:00:00.000Z'],
    // The first day a date schema accepts.
    ['0001-01-02', 'UTC', '0001-01-02T00:00:00.000Z'],
  ])('%s in %s starts at %s', (date, zone, start) => {
    expect(startOfLocalDay(date, zone).toISOString()).toBe(start);
  });

  it('takes the date of an instant written out', () => {
    expect(iso(startOfLocalDay('2026-12-01T09:30:00+08:00', 'Asia/Shanghai'))).toBe(
      '2026-11-30T16:00:00.000Z',
    );
  });

  it('starts a day whose midnight the clocks skip when its first hour does', () => {
    // America/Santiago leaves winter time at 24:00 on Saturday 2026-09-05: 00:00-00:59 never happens.
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(localParts(start, 'America/Santiago')).toMatchObject({
      year: 2026,
      month: 9,
      day: 6,
      hour: 1,
      minute: 0,
    });
    expect(localDate(start.getTime() - 1, 'America/Santiago')).toBe('2026-09-05');
  });

  it('starts a day whose midnight the clocks show twice at the first midnight', () => {
    // America/Havana leaves summer time at 01:00 on 2026-11-01 back to 00:00.
    const start = startOfLocalDay('2026-11-01', 'America/Havana');
    expect(localParts(start, 'America/Havana')).toMatchObject({ day: 1, hour: 0, minute: 0 });
    expect(localDate(start.getTime() - 1, 'America/Havana')).toBe('2026-10-31');
  });

  it('lasts 23, 24 or 25 hours in Berlin and New York around their DST changes', () => {
    const length = (date: string, next: string, zone: string) =>
      (startOfLocalDay(next, zone).getTime() - startOfLocalDay(date, zone).getTime()) / HOUR;
    expect(length('2026-03-29', '2026-03-30', 'Europe/Berlin')).toBe(23);
    expect(length('2026-10-25', '2026-10-26', 'Europe/Berlin')).toBe(25);
    expect(length('2026-03-08', '2026-03-09', 'America/New_York')).toBe(23);
    expect(length('2026-11-01', '2026-11-02', 'America/New_York')).toBe(25);
    expect(length('2026-03-08', '2026-03-09', 'Asia/Shanghai')).toBe(24);
  });

  it('every day of a leap year starts at a local midnight and follows the previous one', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Shanghai', 'Asia/Kathmandu']) {
      let previous = startOfLocalDay('2027-12-31', zone).getTime();
      for (let day = 0; day < 366; day++) {
        const date = new Date(Date.UTC(2028, 0, 1 + day)).toISOString().slice(0, 10);
        const start = startOfLocalDay(date, zone).getTime();
        expect(localParts(start, zone)).toMatchObject({ hour: 0, minute: 0, second: 0 });
        expect(localDate(start, zone)).toBe(date);
        expect(localDate(start - 1, zone)).not.toBe(date);
        expect([23, 24, 25]).toContain((start - previous) / HOUR);
        previous = start;
      }
    }
  });
});

describe('instantOfLocal', () => {
  it.each([
    // year, month, day, hour, zone, instant
    [2026, 11, 31, 0, 'Asia/Shanghai', '2026-11-30T16:00:00.000Z'], // day 31 of November is December 1
    [2026, 12, 32, 9, 'Asia/Shanghai', '2027-01-01T01:00:00.000Z'], // across the year end
    [2026, 13, 1, 0, 'UTC', '2027-01-01T00:00:00.000Z'],
    [2028, 2, 29, 8, 'America/New_York', '2028-02-29T13:00:00.000Z'],
    [2027, 2, 29, 8, 'America/New_York', '2027-03-01T13:00:00.000Z'], // no 29 February in 2027
    [2026, 6, 15, 9, 'Asia/Kathmandu', '2026-06-15T03:15:00.000Z'],
    [2026, 3, 29, 1, 'Europe/Berlin', '2026-03-29T00:00:00.000Z'],
    [2026, 3, 29, 3, 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
    [2026, 3, 29, 9, 'Europe/Berlin', '2026-03-29T07:00:00.000Z'],
    [2026, 10, 25, 9, 'Europe/Berlin', '2026-10-25T08:00:00.000Z'],
    [2026, 3, 8, 9, 'America/New_York', '2026-03-08T13:00:00.000Z'],
    [2026, 11, 1, 9, 'America/New_York', '2026-11-01T14:00:00.000Z'],
  ])('%i-%i-%i %i:00 in %s is %s', (year, month, day, hour, zone, instant) => {
    expect(iso(instantOfLocal(year, month, day, hour, zone))).toBe(instant);
  });

  it('places an hour the clocks skip at the moment they jump', () => {
    // Berlin: 02:00 → 03:00 on 2026-03-29; New York: 02:00 → 03:00 on 2026-03-08.
    expect(iso(instantOfLocal(2026, 3, 29, 2, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(instantOfLocal(2026, 3, 8, 2, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('places an hour the clocks show twice at its first occurrence', () => {
    // Berlin: 03:00 → 02:00 on 2026-10-25; New York: 02:00 → 01:00 on 2026-11-01.
    expect(iso(instantOfLocal(2026, 10, 25, 2, 'Europe/Berlin'))).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(instantOfLocal(2026, 11, 1, 1, 'America/New_York'))).toBe('2026-11-01T05:00:00.000Z');
  });

  it('takes minutes', () => {
    expect(iso(instantOfLocal(2026, 6, 15, 9, 'Asia/Kathmandu', 45))).toBe('2026-06-15T04:00:00.000Z');
  });

  it('reads back as the local time asked for, every hour of a year in Berlin and New York', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York']) {
      for (let hourOfYear = 0; hourOfYear < 365 * 24; hourOfYear += 7) {
        const wall = new Date(Date.UTC(2026, 0, 1, hourOfYear));
        const [y, m, d, h] = [
          wall.getUTCFullYear(),
          wall.getUTCMonth() + 1,
          wall.getUTCDate(),
          wall.getUTCHours(),
        ];
        const local = localParts(instantOfLocal(y, m, d, h, zone), zone);
        // Only the skipped hour (02:00 on the spring change) reads back an hour later.
        expect([h, h + 1]).toContain(local.hour);
        if (local.hour !== h) expect(m).toBe(3);
        expect([local.year, local.month, local.day]).toEqual([y, m, d]);
      }
    }
  });
});
