import { createEvent, currencyExponent, type ErpEvent, formatMinorUnits, Topics } from '@dunning/contracts';
import { customerKey, Random, simulate } from '@dunning/erp-simulator';
import { createKafka, type EventProducer, ensureTopics, type Message } from '@dunning/kafka';
import { pino } from 'pino';

const DAY_MS = 86_400_000;
const CUSTOMERS_PER_CHUNK = 1_000;
const CURRENCY_OF_COUNTRY: Record<string, string> = { CN: 'CNY', DE: 'EUR', US: 'USD', JP: 'JPY' };

/** What the invoice generator needs of a customer. */
interface LoadCustomer {
  customerId: string;
  currency: string;
  termsDays: number;
  invoices: number;
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** An ERP event as the topic carries it: keyed by customer, as an ERP connector sends it. */
export function toMessage(event: ErpEvent): Message {
  return {
    key: customerKey(event),
    value: JSON.stringify(event),
    headers: { 'content-type': 'application/cloudevents+json' },
  };
}

/** The ERP topic of a bench platform (created if missing) and a producer for it, as an ERP connector has. */
export async function erpProducer(
  brokers: string[],
  topicPrefix: string,
): Promise<{ topic: string; producer: EventProducer }> {
  const kafka = createKafka({ brokers, clientId: 'bench-erp', logger: pino({ level: 'error' }) });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `${topicPrefix}${Topics.erpEvents}`;
  await ensureTopics(admin, [topic]);
  await admin.disconnect();
  return { topic, producer: await kafka.producer() };
}

/**
 * A month-end's ERP traffic, generated lazily: first the customers (the ERP simulator's profiles:
 * names, contacts, zones, terms), then their invoices, spread round-robin over the customers,
 * issued yesterday on the customer's terms. Every event is built by `createEvent`, so it is valid
 * against the contract. Nothing is due within days, so the platform only plans: the steps wait in
 * PostgreSQL, beyond the horizon.
 */
export class ErpLoad {
  readonly runId: string;
  readonly customerCount: number;
  private readonly customers: LoadCustomer[] = [];
  private readonly random: Random;
  private readonly issueDate: string;
  private nextInvoice = 0;

  constructor(runId: string, customerCount: number, seed = 1) {
    this.runId = runId;
    this.customerCount = customerCount;
    this.random = new Random(seed);
    this.issueDate = dateOf(Date.now() - DAY_MS);
  }

  /** Every customer's upsert, a chunk at a time. */
  *customerBatches(): Generator<ErpEvent[]> {
    for (let first = 0; first < this.customerCount; first += CUSTOMERS_PER_CHUNK) {
      const chunk = first / CUSTOMERS_PER_CHUNK;
      const events = simulate({
        customers: Math.min(CUSTOMERS_PER_CHUNK, this.customerCount - first),
        months: 0,
        seed: chunk + 1,
        startDate: this.issueDate,
        runId: `${this.runId}k${chunk}`,
      }).map(({ event }) => event);
      for (const event of events) {
        if (event.type !== 'erp.customer.upserted') continue;
        const { customerId, address, paymentTermsDays } = event.data;
        this.customers.push({
          customerId,
          currency: CURRENCY_OF_COUNTRY[address?.country ?? ''] ?? 'USD',
          termsDays: paymentTermsDays ?? 30,
          invoices: 0,
        });
      }
      yield events;
    }
  }

  /** The next `count` invoices, round-robin over the customers already generated. */
  invoices(count: number): ErpEvent[] {
    if (this.customers.length === 0) throw new Error('generate the customers first');
    return Array.from({ length: count }, () => this.nextInvoiceEvent());
  }

  private nextInvoiceEvent(): ErpEvent {
    const customer = this.customers[this.nextInvoice++ % this.customers.length]!;
    const invoiceId = `${customer.customerId}-INV${++customer.invoices}`;
    const scale = 10n ** BigInt(currencyExponent(customer.currency));
    const minor =
      BigInt(this.random.int(500, 200_000)) * scale + BigInt(this.random.int(0, Number(scale) - 1));
    return createEvent({
      type: 'erp.invoice.issued',
      source: '/erp/bench',
      subject: invoiceId,
      id: `${invoiceId}.issued`,
      data: {
        invoiceId,
        customerId: customer.customerId,
        number: `${this.runId}-${String(this.nextInvoice).padStart(8, '0')}`,
        currency: customer.currency,
        amount: formatMinorUnits(minor, customer.currency),
        issueDate: this.issueDate,
        dueDate: dateOf(Date.parse(this.issueDate) + customer.termsDays * DAY_MS),
      },
    });
  }
}
