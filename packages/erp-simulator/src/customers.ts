import type { CustomerUpsertedData } from '@dunning/contracts';
import type { Random } from './random.ts';

const PLACES = [
  {
    city: 'Shanghai',
    country: 'CN',
    timezone: 'Asia/Shanghai',
    locale: 'zh-CN',
    currency: 'CNY',
    phone: '+86138',
  },
  {
    city: 'Shenzhen',
    country: 'CN',
    timezone: 'Asia/Shanghai',
    locale: 'zh-CN',
    currency: 'CNY',
    phone: '+86139',
  },
  {
    city: 'Hamburg',
    country: 'DE',
    timezone: 'Europe/Berlin',
    locale: 'en',
    currency: 'EUR',
    phone: '+4940',
  },
  {
    city: 'Chicago',
    country: 'US',
    timezone: 'America/Chicago',
    locale: 'en',
    currency: 'USD',
    phone: '+1312',
  },
  { city: 'Osaka', country: 'JP', timezone: 'Asia/Tokyo', locale: 'en', currency: 'JPY', phone: '+816' },
] as const;

const INDUSTRIES = [
  'construction',
  'wholesale',
  'manufacturing',
  'retail',
  'logistics',
  'technology',
] as const;
const NAMES = [
  'Harbour',
  'Golden Bridge',
  'Northwind',
  'Eastern Star',
  'Blue River',
  'Summit',
  'Jade',
  'Atlas',
];
const SUFFIXES = ['Trading Co.', 'Industries Ltd.', 'Construction Group', 'Logistics GmbH', 'Supplies Inc.'];

export interface SimCustomer {
  data: CustomerUpsertedData;
  currency: string;
}

export function makeCustomer(random: Random, customerId: string, index: number): SimCustomer {
  const place = random.pick(PLACES);
  const digits = String(10_000_000 + index).slice(-8);
  return {
    currency: place.currency,
    data: {
      customerId,
      name: `${random.pick(NAMES)} ${random.pick(SUFFIXES)} ${index}`,
      email: `ap+${customerId.toLowerCase()}@customer.example`,
      phone: `${place.phone}${digits}`,
      locale: place.locale,
      timezone: place.timezone,
      industry: random.pick(INDUSTRIES),
      address: { line1: `${random.int(1, 999)} Commerce Road`, city: place.city, country: place.country },
      paymentTermsDays: random.pick([30, 30, 45, 60]),
      collectorId: `collector-${(index % 5) + 1}`,
    },
  };
}
