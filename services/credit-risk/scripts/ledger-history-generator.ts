import type { HistoryEvent } from '../src/domain/replay-history.ts';
import type { Financials } from '../src/domain/risk-snapshot.ts';

export const archetypes = ['prompt', 'slow', 'seasonal', 'deteriorating', 'defaulting'] as const;
export type Archetype = (typeof archetypes)[number];

export const DAY = 86_400_000;
const EPOCH = Date.parse('2025-01-01T00:00:00Z');
export const HISTORY_DAYS = 720;
export const CUTOFF_DAY = 540;

export interface GeneratedCustomer {
  customerId: string;
  archetype: Archetype;
  financials: Financials | null;
  events: HistoryEvent[];
  /** Overdue instants and settlement instants (null: never paid) of each invoice, for the outcome. */
  invoices: { overdueAt: number; paidAt: number | null }[];
}

const dayAt = (day: number) => new Date(EPOCH + day * DAY).toISOString();
const money = (cents: number) => (cents / 100).toFixed(2);

/** How many days late an invoice falling due on `dueDay` is paid; null: never. */
function lateness(archetype: Archetype, dueDay: number, rnd: () => number, turn: number): number | null {
  const noise = (spread: number) => Math.round((rnd() - 0.5) * 2 * spread);
  switch (archetype) {
    case 'prompt':
      return rnd() < 0.03 ? 10 + noise(5) : -2 + noise(3);
    case 'slow':
      return rnd() < 0.05 ? 65 + noise(15) : 20 + noise(15);
    case 'seasonal': {
      const dayOfYear = (dueDay % 365) / 365;
      const offSeason = dayOfYear < 0.16 || dayOfYear > 0.9; // winter: building sites stand still
      return offSeason ? (rnd() < 0.3 ? 70 + noise(10) : 35 + noise(15)) : 3 + noise(5);
    }
    case 'deteriorating':
      if (dueDay < turn) return rnd() < 0.1 ? 8 + noise(5) : 1 + noise(3);
      return Math.max(0, Math.round((dueDay - turn) * 0.5) + noise(10));
    case 'defaulting':
      if (dueDay >= turn) return null;
      return 12 + noise(10) + Math.round(Math.max(0, dueDay - turn + 120) * 0.15);
  }
}

function financialsFor(archetype: Archetype, rnd: () => number): Financials | null {
  if (rnd() < 0.3) return null; // not every customer reports
  const [lo, hi, debtLo, debtHi] = (
    {
      prompt: [1.1, 3, 0.15, 0.5],
      slow: [0.9, 2, 0.3, 0.7],
      seasonal: [0.9, 2.2, 0.3, 0.7],
      deteriorating: [0.7, 1.5, 0.45, 0.85],
      defaulting: [0.4, 1.2, 0.55, 0.95],
    } satisfies Record<Archetype, [number, number, number, number]>
  )[archetype];
  const currentRatio = Math.round((lo + rnd() * (hi - lo)) * 100) / 100;
  return {
    currentRatio,
    quickRatio: Math.round(currentRatio * (0.4 + rnd() * 0.5) * 100) / 100,
    debtRatio: Math.round((debtLo + rnd() * (debtHi - debtLo)) * 100) / 100,
    period: '2026-Q2',
  };
}

const industries: Record<Archetype, string[]> = {
  prompt: ['software', 'healthcare', 'manufacturing', 'utilities', 'wholesale'],
  slow: ['retail', 'wholesale', 'transport', 'manufacturing'],
  seasonal: ['construction', 'agriculture', 'tourism'],
  deteriorating: ['retail', 'manufacturing', 'hospitality', 'construction', 'software'],
  defaulting: ['hospitality', 'retail', 'construction', 'transport'],
};

export function generateCustomer(index: number, rnd: () => number): GeneratedCustomer {
  const weights: [Archetype, number][] = [
    ['prompt', 0.4],
    ['slow', 0.25],
    ['seasonal', 0.15],
    ['deteriorating', 0.1],
    ['defaulting', 0.1],
  ];
  let pick = rnd();
  let archetype: Archetype = 'prompt';
  for (const [name, weight] of weights) {
    pick -= weight;
    if (pick < 0) {
      archetype = name;
      break;
    }
  }
  const customerId = `cust-${index}`;
  const pool = industries[archetype];
  const industry = pool[Math.floor(rnd() * pool.length)]!;
  const startDay = Math.floor(rnd() * 420);
  // The turn of a deteriorating or defaulting customer falls around the cut-off.
  const turn = CUTOFF_DAY - 150 + Math.floor(rnd() * 240);
  const scale = 50_000 + Math.floor(rnd() * 2_000_000);
  const events: HistoryEvent[] = [];
  const invoices: GeneratedCustomer['invoices'] = [];
  const emit = (day: number, type: string, data: Record<string, unknown>) =>
    events.push({ type, time: dayAt(day), data: { customerId, ...data } } as HistoryEvent);
  emit(startDay, 'ledger.customer.upserted', {
    name: `Customer ${index}`,
    locale: 'en',
    timezone: 'UTC',
    industry,
    address: { line1: '1 Main St', city: 'Shanghai', country: 'CN' },
    paymentTermsDays: 30,
    collectorId: 'collector-1',
  });
  let n = 0;
  for (let day = startDay; day < HISTORY_DAYS; day += 20 + Math.floor(rnd() * 20)) {
    const invoiceId = `${customerId}-inv-${n++}`;
    const amount = Math.round(scale * (0.5 + rnd()));
    const dueDay = day + 30;
    const overdueDay = dueDay + 1;
    emit(day, 'ledger.invoice.issued', {
      invoiceId,
      number: invoiceId,
      currency: 'CNY',
      amount: money(amount),
      balance: money(amount),
      issueDate: dayAt(day).slice(0, 10),
      dueDate: dayAt(dueDay).slice(0, 10),
      overdueAt: dayAt(overdueDay),
    });
    const late = lateness(archetype, dueDay, rnd, turn);
    const paidDay = late === null ? null : dueDay + late;
    invoices.push({
      overdueAt: EPOCH + overdueDay * DAY,
      paidAt: paidDay === null ? null : EPOCH + paidDay * DAY,
    });
    if (late !== null && late > 30) {
      const promisedDay = overdueDay + 20;
      const kept = paidDay! <= promisedDay + 10;
      const promise = {
        promiseId: `${invoiceId}-promise`,
        invoiceIds: [invoiceId],
        promisedDate: dayAt(promisedDay).slice(0, 10),
        amount: money(amount),
        currency: 'CNY',
      };
      emit(overdueDay + 10, 'dunning.promise.recorded', {
        ...promise,
        collectorId: 'collector-1',
        recordedAt: dayAt(overdueDay + 10),
      });
      const outcomeDay = kept ? paidDay! : promisedDay + 1;
      emit(outcomeDay, kept ? 'dunning.promise.kept' : 'dunning.promise.broken', {
        ...promise,
        at: dayAt(outcomeDay),
      });
    }
    if (paidDay === null) continue;
    // A deteriorating customer pays in shrinking parts first.
    let balance = amount;
    if (archetype === 'deteriorating' && dueDay >= turn && late! > 10) {
      const share = Math.max(0.05, 0.5 - (dueDay - turn) / 400);
      const part = Math.round(amount * share);
      const partDay = dueDay + Math.floor(late! / 2);
      emit(partDay, 'ledger.invoice.balance-changed', {
        invoiceId,
        currency: 'CNY',
        amount: money(amount),
        previousBalance: money(balance),
        balance: money(balance - part),
        cause: 'payment',
        sourceId: `${invoiceId}-part`,
        occurredAt: dayAt(partDay),
      });
      balance -= part;
    }
    emit(paidDay, 'ledger.payment.received', {
      paymentId: `${invoiceId}-pay`,
      currency: 'CNY',
      amount: money(balance),
      receivedAt: dayAt(paidDay),
      applications: [{ invoiceId, amount: money(balance), daysLate: late }],
      unapplied: '0.00',
    });
    emit(paidDay, 'ledger.invoice.settled', {
      invoiceId,
      currency: 'CNY',
      amount: money(amount),
      settledAt: dayAt(paidDay),
      how: 'paid',
      daysLate: late,
    });
  }
  events.sort((a, b) => a.time.localeCompare(b.time));
  return { customerId, archetype, financials: financialsFor(archetype, rnd), events, invoices };
}

/** Whether the customer had an invoice reach its 60th day past due after the cut-off (within the horizon). */
export function laterSixtyPlusOverdue(customer: GeneratedCustomer): boolean {
  const cutoff = EPOCH + CUTOFF_DAY * DAY;
  const end = EPOCH + HISTORY_DAYS * DAY;
  return customer.invoices.some(({ overdueAt, paidAt }) => {
    const sixtieth = overdueAt + 59 * DAY;
    return sixtieth > cutoff && sixtieth <= end && (paidAt === null || paidAt > sixtieth);
  });
}

export const cutoffInstant = new Date(EPOCH + CUTOFF_DAY * DAY);
