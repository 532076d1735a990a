import { formatMinorUnits } from '@dunning/contracts';
import { seededRandom } from '@dunning/testing/seeded-random';

export interface ErpMessage {
  key: string;
  event: {
    specversion: '1.0';
    id: string;
    source: string;
    type: string;
    time: string;
    data: Record<string, unknown>;
  };
}

interface GeneratedInvoice {
  id: string;
  remaining: bigint;
}

const CURRENCIES = [
  { code: 'JPY', unit: 1n },
  { code: 'CNY', unit: 100n },
  { code: 'EUR', unit: 100n },
  { code: 'KWD', unit: 1000n },
] as const;
const ZONES = ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York'];

const day = (offset: number) =>
  new Date(Date.UTC(2026, 8, 1) + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * A realistic ERP stream per customer, cut into windows: the events inside one window commute (any
 * order gives the same ledger once held events wait for their invoice or dispute), windows follow each
 * other. The generator keeps its own copy of each invoice's remaining balance and the customer's
 * credit so that no window depends on the order inside it: payments and credit notes never exceed
 * what is left, disputes come with explicit amounts, unapplied payments and overpayments stand alone.
 */
export function generateErpStream(seed: number, customers: number, targetEvents: number): ErpMessage[][][] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  let sequence = 0;
  const message = (key: string, type: string, data: Record<string, unknown>): ErpMessage => ({
    key,
    event: {
      specversion: '1.0',
      id: `erp-${++sequence}`,
      source: '/erp/sap',
      type,
      time: '2026-10-01T00:00:00Z',
      data,
    },
  });
  const perCustomer = Math.ceil(targetEvents / customers);
  const streams: ErpMessage[][][] = [];
  for (let c = 0; c < customers; c++) {
    const customerId = `cust-${c}`;
    const currency = CURRENCIES[c % CURRENCIES.length] ?? CURRENCIES[0];
    const money = (minor: bigint) => formatMinorUnits(minor, currency.code);
    const windows: ErpMessage[][] = [];
    let count = 1;
    windows.push([
      message(customerId, 'erp.customer.upserted', {
        customerId,
        name: `Customer ${c}`,
        locale: c % 2 ? 'zh-CN' : 'en',
        timezone: ZONES[c % ZONES.length],
        industry: 'wholesale',
        address: { line1: `${c} Main St`, city: 'Shanghai', country: 'CN' },
        paymentTermsDays: 30,
        collectorId: 'col-1',
      }),
    ]);
    const invoices: GeneratedInvoice[] = [];
    let credit = 0n;
    let k = 0;
    let payments = 0;
    while (count < perCustomer) {
      const roll = random();
      const window: ErpMessage[] = [];
      const open = invoices.filter((invoice) => invoice.remaining > 0n);
      const openTotal = open.reduce((sum, invoice) => sum + invoice.remaining, 0n);
      if (roll < 0.1 && openTotal > 0n) {
        // Unapplied: never more than is open, so nothing depends on invoices still to come.
        let amount = 1n + BigInt(pick(Number(openTotal)));
        window.push(
          message(customerId, 'erp.payment.received', {
            paymentId: `pay-${c}-${++payments}`,
            customerId,
            amount: money(amount),
            currency: currency.code,
            receivedAt: day(k + 5),
          }),
        );
        for (const invoice of open) {
          const applied = invoice.remaining < amount ? invoice.remaining : amount;
          invoice.remaining -= applied;
          amount -= applied;
        }
      } else if (roll < 0.15 && open.length > 0) {
        // Overpayment: settles an open invoice, the rest becomes credit for the next invoices.
        const target = open[pick(open.length)] as GeneratedInvoice;
        const extra = (1n + BigInt(pick(50))) * currency.unit;
        window.push(
          message(customerId, 'erp.payment.received', {
            paymentId: `pay-${c}-${++payments}`,
            invoiceId: target.id,
            amount: money(target.remaining + extra),
            currency: currency.code,
            receivedAt: day(k + 40),
          }),
        );
        target.remaining = 0n;
        credit += extra;
      } else {
        const id = `inv-${c}-${++k}`;
        const amountMinor = (10n + BigInt(pick(5000))) * currency.unit + BigInt(pick(Number(currency.unit)));
        window.push(
          message(customerId, 'erp.invoice.issued', {
            invoiceId: id,
            customerId,
            number: `N${c}-${k}`,
            currency: currency.code,
            amount: money(amountMinor),
            issueDate: day(k),
            dueDate: day(k + 30),
          }),
        );
        const fromCredit = credit < amountMinor ? credit : amountMinor;
        credit -= fromCredit;
        const invoice: GeneratedInvoice = { id, remaining: amountMinor - fromCredit };
        invoices.push(invoice);
        const kind = random();
        // A share of what is left, keeping one minor unit open so a dispute finds a balance in any order.
        const share = () => (invoice.remaining > 2n ? BigInt(1 + pick(Number(invoice.remaining / 3n))) : 0n);
        if (kind < 0.1) {
          window.push(
            message(customerId, 'erp.invoice.cancelled', { invoiceId: id, reason: 'duplicate invoice' }),
          );
          invoice.remaining = 0n;
        } else if (kind < 0.3) {
          const amount = share();
          if (amount > 0n) {
            window.push(
              message(customerId, 'erp.dispute.opened', {
                invoiceId: id,
                disputeId: `dsp-${id}`,
                reason: 'quantity',
                amount: money(amount),
              }),
            );
            const resolution = ['upheld', 'adjusted', 'rejected', 'open'][pick(4)];
            if (resolution === 'upheld') invoice.remaining -= amount;
            if (resolution === 'adjusted') invoice.remaining -= amount / 2n;
            if (resolution !== 'open') {
              window.push(
                message(customerId, 'erp.dispute.resolved', {
                  disputeId: `dsp-${id}`,
                  resolution,
                  ...(resolution === 'adjusted'
                    ? { amount: money(amount / 2n === 0n ? 1n : amount / 2n) }
                    : {}),
                }),
              );
              if (resolution === 'adjusted' && amount / 2n === 0n) invoice.remaining -= 1n;
            }
          }
        }
        if (kind >= 0.1) {
          for (let p = pick(3); p > 0; p--) {
            const amount = share();
            if (amount === 0n) break;
            window.push(
              message(customerId, 'erp.payment.received', {
                paymentId: `pay-${c}-${++payments}`,
                invoiceId: id,
                amount: money(amount),
                currency: currency.code,
                receivedAt: day(k + pick(60)),
              }),
            );
            invoice.remaining -= amount;
          }
          if (kind > 0.8) {
            const amount = share();
            if (amount > 0n) {
              window.push(
                message(customerId, 'erp.credit-note.issued', {
                  creditNoteId: `cn-${id}`,
                  invoiceId: id,
                  amount: money(amount),
                  currency: currency.code,
                  issuedAt: day(k + 10),
                }),
              );
              invoice.remaining -= amount;
            }
          }
        }
      }
      count += window.length;
      windows.push(window);
    }
    streams.push(windows);
  }
  return streams;
}

/** In order: each customer's windows one after another, customers interleaved round robin. */
export function inOrder(streams: ErpMessage[][][]): ErpMessage[] {
  const queues = streams.map((windows) => windows.flat());
  const out: ErpMessage[] = [];
  for (let i = 0; queues.some((queue) => i < queue.length); i++) {
    for (const queue of queues) if (i < queue.length) out.push(queue[i] as ErpMessage);
  }
  return out;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * Shuffled inside each customer's windows, with `duplicateShare` of the events sent twice: half as
 * the very same message (redelivery), half as a new message with the same body (an ERP retry).
 */
export function shuffledWithDuplicates(
  streams: ErpMessage[][][],
  seed: number,
  duplicateShare: number,
): ErpMessage[] {
  const random = seededRandom(seed);
  let retry = 0;
  const queues = streams.map((windows) =>
    windows.flatMap((window) => {
      const copies = window
        .filter(() => random() < duplicateShare)
        .map((original) =>
          random() < 0.5
            ? original
            : { key: original.key, event: { ...original.event, id: `retry-${++retry}` } },
        );
      return shuffle([...window, ...copies], random);
    }),
  );
  const out: ErpMessage[] = [];
  for (let i = 0; queues.some((queue) => i < queue.length); i++) {
    for (const queue of shuffle([...queues], random)) if (i < queue.length) out.push(queue[i] as ErpMessage);
  }
  return out;
}
