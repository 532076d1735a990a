import { createEvent, formatMinorUnits, isCompressed, LEDGER_INVOICE_ISSUED } from '@dunning/contracts';
import type { OutboxMessage } from '@dunning/outbox';
import type pg from 'pg';
import { type CommandContext, LEDGER_SOURCE } from '../commands/command-context.ts';
import { issueInvoice } from '../commands/issue-invoice.ts';
import {
  customerTimeZones,
  differingInvoices,
  type ImportedEntry,
  type ImportedInvoice,
  insertEntries,
  insertInvoices,
  invoicesWithWaitingFacts,
} from '../db/import.queries.ts';
import type { ImportReject } from '../db/import-checkpoints.queries.ts';
import { businessInstant } from '../domain/business-instant.ts';
import { overdueAt } from '../domain/overdue-at.ts';
import type { OpenItem } from './open-item.ts';

export interface ImportBatchContext {
  /** The service's schema: the outbox relay's wake-up channel is named after it. */
  schema: string;
  /** Full name of ledger.events.v1 (with any prefix). */
  ledgerTopic: string;
  /** false: no ledger.invoice.issued outbox rows (the other services are loaded some other way). */
  publish: boolean;
  dayMs: number;
  now: () => Date;
}

export interface BatchResult {
  imported: number;
  alreadyPresent: number;
  rejects: ImportReject[];
  /** ledger.invoice.issued of each new invoice, for the caller to write last in the transaction. */
  messages: OutboxMessage[];
}

const dateOf = (value: string) => value.slice(0, 10);

/**
 * Instants repeat for every invoice sharing a date and zone, and Intl is too slow to ask a million
 * times: both are remembered by (date, zone) for the run.
 */
const instantCache = new Map<string, Date>();

function remembered(key: string, compute: () => Date): Date {
  let at = instantCache.get(key);
  if (at === undefined) {
    at = compute();
    if (instantCache.size > 100_000) instantCache.clear();
    instantCache.set(key, at);
  }
  return at;
}

function pastDueAt(item: OpenItem, timeZone: string, context: ImportBatchContext): Date {
  const input = {
    issueDate: item.invoice.issueDate,
    dueDate: item.invoice.dueDate,
    timeZone,
    recordedAt: context.now(),
    dayMs: context.dayMs,
  };
  // Compressed days depend on the recording instant: nothing to share.
  if (isCompressed(context.dayMs)) return overdueAt(input);
  return remembered(`due|${dateOf(item.invoice.dueDate)}|${timeZone}`, () => overdueAt(input));
}

/** When the invoice was issued, as issueInvoice books it: a plain date starts in the customer's zone. */
function issuedAt(item: OpenItem, timeZone: string): Date {
  const { issueDate } = item.invoice;
  return remembered(`issued|${issueDate}|${timeZone}`, () => businessInstant(issueDate, timeZone));
}

/**
 * An invoice that payments, credit notes or customer credit already wait for goes through the
 * issueInvoice command, which applies them (and publishes what follows) in this transaction.
 */
async function importThroughCommand(
  tx: pg.PoolClient,
  context: ImportBatchContext,
  item: OpenItem,
): Promise<'created' | 'duplicate' | ImportReject> {
  const reject = (reason: string) => ({ line: item.line, invoiceId: item.invoice.invoiceId, reason });
  if (item.openMinor < item.amountMinor) {
    return reject('payments or credit wait for this invoice in the ledger: load it without openAmount');
  }
  // The ledger records the channel on each entry; this one is the initial load.
  const commandContext: CommandContext = {
    schema: context.schema,
    ledgerTopic: context.ledgerTopic,
    source: 'import',
    dayMs: context.dayMs,
    now: context.now,
  };
  const outcome = await issueInvoice(tx, commandContext, item.invoice);
  if (outcome.status === 'conflict') return reject('invoiceId is already in the ledger with other details');
  return outcome.status;
}

/**
 * Writes one batch of valid open items as the issueInvoice command would, set-based: the invoice, its
 * issue entry, an entry for the part already settled before the load (when openAmount < amount) and
 * its ledger.invoice.issued event (returned for the caller to write last). Invoice ids already in the
 * ledger are skipped with the same body, rejected with another; an id repeated within the file is
 * treated the same way against its first line.
 */
export async function importBatch(
  tx: pg.PoolClient,
  context: ImportBatchContext,
  items: OpenItem[],
): Promise<BatchResult> {
  const rejects: ImportReject[] = [];
  let alreadyPresent = 0;
  const firstOf = new Map<string, OpenItem>();
  for (const item of items) {
    const first = firstOf.get(item.invoice.invoiceId);
    if (first === undefined) firstOf.set(item.invoice.invoiceId, item);
    else if (
      JSON.stringify(first.invoice) === JSON.stringify(item.invoice) &&
      first.openMinor === item.openMinor
    )
      alreadyPresent++;
    else
      rejects.push({
        line: item.line,
        invoiceId: item.invoice.invoiceId,
        reason: `invoiceId repeats line ${first.line} with other details`,
      });
  }
  const waiting = await invoicesWithWaitingFacts(
    tx,
    [...firstOf.values()].map(({ invoice }) => invoice),
  );
  let importedOneByOne = 0;
  for (const invoiceId of waiting) {
    const outcome = await importThroughCommand(tx, context, firstOf.get(invoiceId) as OpenItem);
    if (outcome === 'created') importedOneByOne++;
    else if (outcome === 'duplicate') alreadyPresent++;
    else rejects.push(outcome);
    firstOf.delete(invoiceId);
  }
  const unique = [...firstOf.values()];
  if (unique.length === 0) return { imported: importedOneByOne, alreadyPresent, rejects, messages: [] };

  const zones = await customerTimeZones(tx, [...new Set(unique.map((item) => item.invoice.customerId))]);
  const rows: (ImportedInvoice & { timeZone: string })[] = unique.map((item) => ({
    invoiceId: item.invoice.invoiceId,
    customerId: item.invoice.customerId,
    number: item.invoice.number,
    currency: item.invoice.currency,
    amountMinor: item.amountMinor,
    issueDate: dateOf(item.invoice.issueDate),
    dueDate: dateOf(item.invoice.dueDate),
    timeZone: zones.get(item.invoice.customerId) ?? 'UTC',
    overdueAt: pastDueAt(item, zones.get(item.invoice.customerId) ?? 'UTC', context),
    request: item.invoice,
  }));
  const created = await insertInvoices(tx, rows);

  const present = unique.filter((item) => !created.has(item.invoice.invoiceId));
  const differing = await differingInvoices(
    tx,
    present.map((item) => ({ invoiceId: item.invoice.invoiceId, request: item.invoice })),
  );
  for (const item of present) {
    if (differing.has(item.invoice.invoiceId)) {
      rejects.push({
        line: item.line,
        invoiceId: item.invoice.invoiceId,
        reason: 'invoiceId is already in the ledger with other details',
      });
    } else alreadyPresent++;
  }

  const entries: ImportedEntry[] = [];
  const messages: OutboxMessage[] = [];
  rows.forEach((row, index) => {
    if (!created.has(row.invoiceId)) return;
    const item = unique[index] as OpenItem;
    entries.push({
      invoiceId: row.invoiceId,
      kind: 'issue',
      amountMinor: row.amountMinor,
      sourceId: row.invoiceId,
      occurredAt: issuedAt(item, row.timeZone),
    });
    if (item.openMinor < item.amountMinor) {
      // Settled in the ERP before the load; ':' cannot occur in an ERP payment id, so this never collides.
      entries.push({
        invoiceId: row.invoiceId,
        kind: 'payment',
        amountMinor: item.openMinor - item.amountMinor,
        sourceId: `import:${row.invoiceId}`,
        occurredAt: issuedAt(item, row.timeZone),
      });
    }
    if (!context.publish) return;
    const event = createEvent({
      type: LEDGER_INVOICE_ISSUED,
      source: LEDGER_SOURCE,
      subject: row.invoiceId,
      data: {
        invoiceId: row.invoiceId,
        customerId: row.customerId,
        number: row.number,
        currency: row.currency,
        amount: formatMinorUnits(row.amountMinor, row.currency),
        balance: formatMinorUnits(item.openMinor, row.currency),
        issueDate: item.invoice.issueDate,
        dueDate: item.invoice.dueDate,
        overdueAt: row.overdueAt.toISOString(),
      },
    });
    messages.push({ topic: context.ledgerTopic, key: row.customerId, event });
  });
  await insertEntries(tx, entries);
  return { imported: created.size + importedOneByOne, alreadyPresent, rejects, messages };
}
