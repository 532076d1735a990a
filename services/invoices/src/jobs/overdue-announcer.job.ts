import { formatMinorUnits, LEDGER_INVOICE_OVERDUE } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import type { PeriodicJob } from '@dunning/service-host';
import type pg from 'pg';
import type { CommandContext } from '../commands/command-context.ts';
import { addFact, type LedgerFacts, publishFacts } from '../commands/ledger-events.ts';
import { claimDueInvoices } from '../db/overdue-announcements.queries.ts';

const BATCH = 1000;

/**
 * Turns time into facts: every min(1 s, DAY_MS/4) it publishes ledger.invoice.overdue, once, for each
 * invoice past its overdueAt with a balance still open. A timer loop on PostgreSQL rather than a
 * BullMQ job: the due rows are found by a partial index, and SKIP LOCKED lets several instances share it.
 * A run announces everything due and resolves with how many invoices it announced; runs in one
 * process take turns (`runOnce` must not return while the timer's run still holds the due rows:
 * SKIP LOCKED would pass over them and report nothing to announce).
 */
export function overdueAnnouncerJob(pool: pg.Pool, context: CommandContext): PeriodicJob<number> {
  async function announceBatch(): Promise<number> {
    return withTransaction(pool, async (tx) => {
      const now = context.now();
      const due = await claimDueInvoices(tx, now, BATCH);
      const facts: LedgerFacts = [];
      for (const invoice of due) {
        addFact(facts, context, invoice.customer_id, {
          type: LEDGER_INVOICE_OVERDUE,
          subject: invoice.invoice_id,
          data: {
            invoiceId: invoice.invoice_id,
            customerId: invoice.customer_id,
            currency: invoice.currency,
            balance: formatMinorUnits(invoice.balance_minor, invoice.currency),
            dueDate: invoice.due_date,
            overdueAt: invoice.overdue_at.toISOString(),
          },
        });
      }
      await publishFacts(tx, context, facts);
      return due.length;
    });
  }

  return {
    name: 'overdue-announcer',
    everyMs: Math.max(10, Math.min(1000, Math.floor(context.dayMs / 4))),
    // Replicas announce side by side: each claims its invoices with SKIP LOCKED, none twice.
    replicas: 'shared',
    async run(signal) {
      let total = 0;
      for (let count = BATCH; count === BATCH && !signal.aborted; total += count)
        count = await announceBatch();
      return total;
    },
  };
}
