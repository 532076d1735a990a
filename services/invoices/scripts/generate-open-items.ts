// Writes a synthetic open-items CSV for the initial load, the same for the same seed:
//   node services/invoices/scripts/generate-open-items.ts --lines 1000000 --seed 42 --out open-items.csv
// About 0.5 % of the lines are bad in varied ways (see BAD_KINDS), each one a reason the import must report.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { formatMinorUnits } from '@dunning/contracts';
import { seededRandom } from '@dunning/testing/seeded-random';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    'bad-share': { type: 'string', default: '0.005' },
  },
});
const lineCount = Number(values.lines);
const seed = Number(values.seed);
const badShare = Number(values['bad-share']);
if (
  !values.out ||
  !Number.isInteger(lineCount) ||
  lineCount < 0 ||
  !Number.isInteger(seed) ||
  !(badShare >= 0)
) {
  process.stderr.write(
    'usage: node services/invoices/scripts/generate-open-items.ts --lines N --seed S --out file [--bad-share 0.005]\n',
  );
  process.exit(2);
}

const random = seededRandom(seed);
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const CURRENCIES = ['EUR', 'EUR', 'EUR', 'CNY', 'CNY', 'USD', 'USD', 'JPY', 'KWD', 'GBP'] as const;
const DAY = 86_400_000;
const FIRST_ISSUE = Date.UTC(2025, 0, 1);
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const customers = Math.max(1, Math.ceil(lineCount / 20));

interface Line {
  invoiceId: string;
  customerId: string;
  number: string;
  currency: string;
  amount: string;
  issueDate: string;
  dueDate: string;
  openAmount: string;
}

function goodLine(index: number): Line {
  const currency = pick(CURRENCIES);
  const amountMinor = BigInt(between(100, 5_000_000));
  const issued = FIRST_ISSUE + between(0, 700) * DAY;
  const open = random() < 0.3 ? formatMinorUnits(BigInt(between(1, Number(amountMinor))), currency) : '';
  return {
    invoiceId: `INV-${seed}-${String(index).padStart(8, '0')}`,
    customerId: `CUST-${String(between(1, customers)).padStart(7, '0')}`,
    number: random() < 0.01 ? `2026/${index}, part "A"` : `${2025 + Math.floor(index / 500_000)}-${index}`,
    currency,
    amount: formatMinorUnits(amountMinor, currency),
    issueDate: isoDate(issued),
    dueDate: isoDate(issued + pick([0, 14, 30, 30, 45, 60, 90]) * DAY),
    openAmount: open,
  };
}

const BAD_KINDS: Record<string, (line: Line, index: number) => string> = {
  'unknown currency': (line) => csv({ ...line, currency: 'XYZ' }),
  'negative amount': (line) => csv({ ...line, amount: `-${line.amount}` }),
  'zero amount': (line) => csv({ ...line, amount: '0', currency: 'JPY', openAmount: '' }),
  'too many decimals': (line) => csv({ ...line, currency: 'JPY', amount: '1500.5', openAmount: '' }),
  'not a number': (line) => csv({ ...line, amount: '12,5' }),
  'due before issue': (line) => csv({ ...line, dueDate: '2024-12-31' }),
  'impossible date': (line) => csv({ ...line, issueDate: '2025-02-29' }),
  'empty invoiceId': (line) => csv({ ...line, invoiceId: '' }),
  'invoiceId with forbidden characters': (line) => csv({ ...line, invoiceId: `${line.invoiceId}:x y` }),
  'missing column': (line) => csv(line).split(',').slice(0, 6).join(','),
  'extra column': (line) => `${csv(line)},surplus`,
  'open amount above amount': (line) => csv({ ...line, openAmount: `${line.amount}1` }),
  'repeated invoiceId with other details': (line, index) =>
    csv({
      ...line,
      invoiceId: `INV-${seed}-${String(Math.max(0, index - 1)).padStart(8, '0')}`,
      number: 'other',
    }),
  'stray quote': (line) => csv(line).replace(line.customerId, `CU"ST`),
};

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csv(line: Line): string {
  return [
    line.invoiceId,
    line.customerId,
    line.number,
    line.currency,
    line.amount,
    line.issueDate,
    line.dueDate,
    line.openAmount,
  ]
    .map(field)
    .join(',');
}

const out = createWriteStream(values.out);
out.write('invoiceId,customerId,number,currency,amount,issueDate,dueDate,openAmount\n');
const badKinds = Object.values(BAD_KINDS);
let chunk: string[] = [];
let bad = 0;
for (let index = 0; index < lineCount; index++) {
  const line = goodLine(index);
  if (random() < badShare) {
    bad++;
    chunk.push(pick(badKinds)(line, index));
  } else chunk.push(csv(line));
  if (chunk.length === 10_000 || index === lineCount - 1) {
    if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
    chunk = [];
  }
}
out.end();
await finished(out);
process.stderr.write(`${lineCount} lines (${bad} bad) written to ${values.out}\n`);
