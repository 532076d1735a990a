import { createEvent, type ErpEvent, formatMinorUnits } from '@dunning/contracts';
import { Random } from '@dunning/erp-simulator';

/** One ERP event of the steady stream and when (ms after the stream starts) it is sent. */
export interface ScriptedEvent {
  atMs: number;
  event: ErpEvent;
  /** The id of an event whose story this one ends: once that one is sent, this one must be too. */
  concludes?: string;
}

export interface ScriptOptions {
  seed: number;
  /** The instant the stream starts: event times and dates follow from it. */
  startAt: Date;
  customers: number;
  invoices: number;
  /** Invoices are issued evenly over this span; payments and credit notes may follow up to `tailMs` later. */
  spanMs: number;
  tailMs: number;
  /** Share of events the ERP sends a second time (same id), as an ERP retrying would. */
  duplicateShare: number;
}

const SOURCE = '/erp/fault-suite';
const CURRENCIES = ['CNY', 'JPY', 'KWD', 'USD'] as const;

/**
 * A deterministic ERP stream: customers first, then invoices issued evenly over the span, each with a
 * fate: left unpaid (it walks the whole ladder), disputed for a while (rejected, so dunning resumes;
 * upheld for a third; or upheld for the whole balance), paid in full at some point of its ladder, paid
 * in part, or reduced by a credit note and then paid. Payments never exceed what is open, so the
 * expected balance of every invoice follows from the events alone.
 */
export function erpScript(options: ScriptOptions): ScriptedEvent[] {
  const random = new Random(options.seed);
  const run = `F${options.seed}`;
  const script: ScriptedEvent[] = [];
  let sequence = 0;
  const now = options.startAt;
  const emit = (atMs: number, type: ErpEvent['type'], subject: string, data: unknown, concludes?: string) => {
    const time = new Date(now.getTime() + atMs).toISOString();
    const event = createEvent({
      type,
      source: SOURCE,
      subject,
      data,
      id: `${run}-E${++sequence}`,
      time,
    } as never);
    script.push({ atMs: Math.round(atMs), event: event as ErpEvent, ...(concludes ? { concludes } : {}) });
    return event.id;
  };
  const today = now.toISOString().slice(0, 10);

  const customers: string[] = [];
  for (let c = 0; c < options.customers; c++) {
    const customerId = `${run}-C${c}`;
    customers.push(customerId);
    emit(0, 'erp.customer.upserted', customerId, {
      customerId,
      name: `Fault Suite Customer ${c}`,
      email: `ap-${c}@customer-${c}.example`,
      phone: `+86138${String(c).padStart(8, '0')}`,
      locale: 'en',
      timezone: 'UTC',
      industry: random.pick(['wholesale', 'retail', 'logistics']),
      address: { line1: `${c} Harbour Road`, city: 'Shanghai', country: 'CN' },
      paymentTermsDays: 30,
      collectorId: `collector-${c % 3}`,
    });
  }

  for (let i = 0; i < options.invoices; i++) {
    const customerId = random.pick(customers);
    const invoiceId = `${customerId}-INV${i}`;
    const currency = random.pick(CURRENCIES);
    const scale = 10n ** BigInt(currency === 'JPY' ? 0 : currency === 'KWD' ? 3 : 2);
    const amount = BigInt(random.int(100, 90_000)) * scale + BigInt(random.int(0, Number(scale) - 1));
    const issuedAt = 500 + (i * options.spanMs) / options.invoices;
    emit(issuedAt, 'erp.invoice.issued', invoiceId, {
      invoiceId,
      customerId,
      number: `FS-${i}`,
      currency,
      amount: formatMinorUnits(amount, currency),
      issueDate: today,
      dueDate: today,
    });
    const later = () => issuedAt + random.int(200, options.tailMs);
    const pay = (atMs: number, minor: bigint, n: number) =>
      emit(atMs, 'erp.payment.received', invoiceId, {
        paymentId: `${invoiceId}-P${n}`,
        invoiceId,
        currency,
        amount: formatMinorUnits(minor, currency),
        receivedAt: new Date(now.getTime() + atMs).toISOString(),
      });
    const fate = random.int(1, 100);
    if (fate <= 30) continue; // unpaid: the whole ladder
    if (fate <= 40) {
      const disputeId = `${invoiceId}-D1`;
      const openedAt = later();
      const kind = random.pick(['rejected', 'upheld in part', 'upheld'] as const);
      const opened = emit(openedAt, 'erp.dispute.opened', invoiceId, {
        disputeId,
        invoiceId,
        reason: 'goods not as ordered',
        ...(kind === 'upheld in part' ? { amount: formatMinorUnits(amount / 3n || 1n, currency) } : {}),
      });
      const resolution = kind === 'rejected' ? 'rejected' : 'upheld';
      const resolvedAt = openedAt + random.int(300, 3_000);
      emit(resolvedAt, 'erp.dispute.resolved', invoiceId, { disputeId, resolution }, opened);
      continue;
    }
    if (fate <= 65) {
      pay(later(), amount, 1);
    } else if (fate <= 80) {
      pay(later(), amount / 3n > 0n ? amount / 3n : 1n, 1);
    } else {
      const credit = amount / 4n > 0n ? amount / 4n : 1n;
      const creditAt = later();
      emit(creditAt, 'erp.credit-note.issued', invoiceId, {
        creditNoteId: `${invoiceId}-CN1`,
        invoiceId,
        amount: formatMinorUnits(credit, currency),
        currency,
        issuedAt: new Date(now.getTime() + creditAt).toISOString(),
        reason: 'price adjustment',
      });
      if (amount - credit > 0n && random.chance(0.5))
        pay(creditAt + random.int(100, 2_000), amount - credit, 1);
    }
  }

  const duplicates = script
    .filter(() => random.chance(options.duplicateShare))
    .map(({ atMs, event }) => ({ atMs: atMs + random.int(50, 3_000), event }));
  // Stable by time; one customer's events keep their order (Kafka keeps it per key).
  return [...script, ...duplicates]
    .map((item, order) => ({ item, order }))
    .sort((a, b) => a.item.atMs - b.item.atMs || a.order - b.order)
    .map(({ item }) => item);
}
