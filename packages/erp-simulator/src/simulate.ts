import { createEvent, currencyExponent, type ErpEvent, formatMinorUnits } from '@dunning/contracts';
import { ARCHETYPES, type Archetype, PORTFOLIO_MIX } from './archetypes.ts';
import { makeCustomer, type SimCustomer } from './customers.ts';
import { Random } from './random.ts';

export interface SimulationOptions {
  customers: number;
  months: number;
  seed: number;
  /** The first simulated business day (YYYY-MM-DD). */
  startDate: string;
  /** Ids are prefixed with this, so two runs with one seed can still be told apart. */
  runId?: string;
}

/** One ERP event and the simulated business day (from the start) on which it happens. */
export interface SimEvent {
  day: number;
  event: ErpEvent;
}

const SOURCE = '/erp/simulator';
const DAY_MS = 86_400_000;

function dateOf(startDate: string, day: number): string {
  return new Date(Date.parse(`${startDate}T00:00:00Z`) + day * DAY_MS).toISOString().slice(0, 10);
}

function pickArchetype(random: Random): Archetype {
  const total = PORTFOLIO_MIX.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.int(1, total);
  for (const [name, weight] of PORTFOLIO_MIX) {
    roll -= weight;
    if (roll <= 0) return ARCHETYPES[name];
  }
  return ARCHETYPES.prompt;
}

/** An invoice amount in minor units: between 500 and 200,000 major units of its currency. */
function invoiceMinor(random: Random, currency: string): bigint {
  const major = BigInt(random.int(500, 200_000));
  const scale = 10n ** BigInt(currencyExponent(currency));
  return major * scale + BigInt(random.int(0, Number(scale) - 1));
}

/**
 * A deterministic ERP history: customers of several payment archetypes, their invoices, payments
 * (on time, late, partial, unapplied), credit notes, disputes and cancellations, ordered by day.
 */
export function simulate(options: SimulationOptions): SimEvent[] {
  const random = new Random(options.seed);
  const prefix = options.runId ? `${options.runId}-` : `S${options.seed}-`;
  const events: SimEvent[] = [];
  let sequence = 0;
  const emit = (day: number, type: ErpEvent['type'], subject: string, data: unknown) => {
    const time = `${dateOf(options.startDate, day)}T02:00:00Z`;
    const id = `${prefix}E${++sequence}`;
    events.push({
      day,
      event: createEvent({ type, source: SOURCE, subject, data, id, time } as never) as ErpEvent,
    });
  };

  for (let c = 0; c < options.customers; c++) {
    const customerId = `${prefix}C${c + 1}`;
    const archetype = pickArchetype(random);
    const customer: SimCustomer = makeCustomer(random, customerId, c + 1);
    emit(0, 'erp.customer.upserted', customerId, customer.data);
    simulateInvoices({ random, options, archetype, customer, prefix, emit });
  }
  // Stable order: by day, then in the order generated (which keeps each customer's causality).
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.day - b.event.day || a.index - b.index)
    .map(({ event }) => event);
}

interface InvoiceContext {
  random: Random;
  options: SimulationOptions;
  archetype: Archetype;
  customer: SimCustomer;
  prefix: string;
  emit: (day: number, type: ErpEvent['type'], subject: string, data: unknown) => void;
}

function simulateInvoices({ random, options, archetype, customer, prefix, emit }: InvoiceContext): void {
  const { customerId } = customer.data;
  const { currency } = customer;
  const terms = customer.data.paymentTermsDays ?? 30;
  const money = (minor: bigint) => formatMinorUnits(minor, currency);
  let invoiceNumber = 0;
  for (let month = 0; month < options.months; month++) {
    const invoicesThisMonth = random.int(1, 3);
    for (let k = 0; k < invoicesThisMonth; k++) {
      const issueDay = month * 30 + random.int(0, 27);
      const invoiceId = `${customerId}-INV${++invoiceNumber}`;
      const amount = invoiceMinor(random, currency);
      const dueDay = issueDay + terms;
      emit(issueDay, 'erp.invoice.issued', invoiceId, {
        invoiceId,
        customerId,
        number: `${prefix}${String(invoiceNumber).padStart(5, '0')}`,
        currency,
        amount: money(amount),
        issueDate: dateOf(options.startDate, issueDay),
        dueDate: dateOf(options.startDate, dueDay),
      });
      if (random.chance(0.01)) {
        emit(issueDay + 2, 'erp.invoice.cancelled', invoiceId, { invoiceId, reason: 'issued in error' });
        continue;
      }
      let open = amount;
      if (random.chance(0.06)) {
        const credit = amount / 10n;
        emit(issueDay + 5, 'erp.credit-note.issued', invoiceId, {
          creditNoteId: `${invoiceId}-CN1`,
          invoiceId,
          amount: money(credit),
          currency,
          issuedAt: `${dateOf(options.startDate, issueDay + 5)}T03:00:00Z`,
          reason: 'price correction',
        });
        open -= credit;
      }
      let late = random.int(archetype.lateDays[0], archetype.lateDays[1]);
      late += (archetype.extraLateDaysPerMonth ?? 0) * month;
      const dueMonth = Number(dateOf(options.startDate, dueDay).slice(5, 7));
      if (archetype.lateMonths?.includes(dueMonth)) late += random.int(30, 60);
      if (random.chance(archetype.disputeShare)) {
        const disputeId = `${invoiceId}-D1`;
        emit(dueDay + 3, 'erp.dispute.opened', invoiceId, { disputeId, invoiceId, reason: 'goods damaged' });
        const upheld = random.chance(0.4);
        emit(dueDay + 20, 'erp.dispute.resolved', invoiceId, {
          disputeId,
          resolution: upheld ? 'upheld' : 'rejected',
        });
        if (upheld) continue;
        late = Math.max(late, 25);
      }
      if (archetype.stopsPayingFromMonth !== undefined && month >= archetype.stopsPayingFromMonth) continue;
      const payDay = dueDay + late;
      const unapplied = random.chance(0.05);
      const pay = (day: number, part: bigint, n: number) =>
        emit(day, 'erp.payment.received', invoiceId, {
          paymentId: `${invoiceId}-P${n}`,
          amount: money(part),
          currency,
          receivedAt: `${dateOf(options.startDate, day)}T06:00:00Z`,
          ...(unapplied ? { customerId } : { invoiceId }),
        });
      if (random.chance(archetype.partialShare) && open > 1n) {
        const first = (open * BigInt(random.int(30, 70))) / 100n;
        pay(payDay, first, 1);
        pay(payDay + random.int(10, 30), open - first, 2);
      } else {
        pay(payDay, open, 1);
      }
    }
  }
}
