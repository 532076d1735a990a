import type pg from 'pg';
import { takeAdvisoryLock } from '../db/advisory-locks.queries.ts';
import { lockInvoiceForPosting, type PostingInvoice } from '../db/invoices.queries.ts';
import type { CommandContext } from './command-context.ts';
import type { Wait } from './ledger-command.ts';
import { invoiceLockKey } from './lock-keys.ts';

/**
 * Locks the invoice a command needs, or says the command must wait for it. The row lock is enough
 * when the invoice exists; when it does not, the invoice's advisory lock (held by whoever is entering
 * it) is taken and the row looked up again, so a command never slips past an invoice being entered.
 */
export async function lockInvoiceOrWait(
  tx: pg.PoolClient,
  schema: string,
  invoiceId: string,
): Promise<{ invoice: PostingInvoice } | { wait: Wait }> {
  const found = await lockInvoiceForPosting(tx, invoiceId);
  if (found) return { invoice: found };
  await takeAdvisoryLock(tx, schema, invoiceLockKey(invoiceId));
  const entered = await lockInvoiceForPosting(tx, invoiceId);
  return entered ? { invoice: entered } : { wait: { waitsFor: 'invoice', id: invoiceId } };
}

/**
 * The usual `prepare` of a command on one invoice: remembers the locked invoice for `apply`, which
 * reads it again only when it runs later (held until the invoice arrived).
 */
export function invoiceStep(invoiceId: string) {
  let locked: PostingInvoice | undefined;
  return {
    async prepare(tx: pg.PoolClient, context: CommandContext): Promise<Wait | undefined> {
      const outcome = await lockInvoiceOrWait(tx, context.schema, invoiceId);
      if ('wait' in outcome) return outcome.wait;
      locked = outcome.invoice;
      return undefined;
    },
    async invoice(tx: pg.PoolClient): Promise<PostingInvoice> {
      const invoice = locked ?? (await lockInvoiceForPosting(tx, invoiceId));
      locked = undefined;
      if (!invoice) throw new Error(`invoice ${invoiceId} vanished while a command was applied to it`);
      return invoice;
    },
  };
}
