import {
  type DisputeOpenedData,
  type DisputeResolvedData,
  formatMinorUnits,
  LEDGER_DISPUTE_OPENED,
  LEDGER_DISPUTE_RESOLVED,
  moneyProblem,
  toMinorUnits,
} from '@dunning/contracts';
import { takeAdvisoryLock } from '../db/advisory-locks.queries.ts';
import {
  type DisputeRow,
  findDisputeForUpdate,
  insertDispute,
  resolveDispute as storeResolution,
} from '../db/disputes.queries.ts';
import { lockInvoiceForPosting } from '../db/invoices.queries.ts';
import { recordOverdueReasons } from '../db/report-facts.queries.ts';
import { applyReleasedCommands } from './held-commands.ts';
import { invoiceStep } from './invoice-lock.ts';
import { postReduction } from './invoice-posting.ts';
import type { LedgerCommand } from './ledger-command.ts';
import { addFact } from './ledger-events.ts';
import { LedgerRuleError } from './ledger-rule-error.ts';
import { disputeLockKey } from './lock-keys.ts';

/**
 * Dispute amounts carry no currency: they are read in the invoice's, whose decimals they must fit, and
 * must fit a bigint of minor units like any amount (a 30-digit amount otherwise failed in PostgreSQL).
 */
function minorIn(amount: string | undefined, currency: string, field: string): bigint | null {
  if (amount === undefined) return null;
  const problem = moneyProblem(amount, currency, 'any');
  if (problem !== undefined) throw new LedgerRuleError(422, `${field}: ${problem}`);
  return toMinorUnits(amount, currency);
}

/** Opening a dispute freezes dunning of an invoice with an open balance until it is resolved. */
export function openDispute(data: DisputeOpenedData): LedgerCommand {
  const step = invoiceStep(data.invoiceId);
  return {
    kind: 'dispute-open',
    commandId: data.disputeId,
    idField: 'disputeId',
    request: data,
    prepare: (tx, context) => step.prepare(tx, context),
    async apply(tx, context, facts) {
      const invoice = await step.invoice(tx);
      const amountMinor = minorIn(data.amount, invoice.currency, 'amount');
      if (invoice.balanceMinor <= 0n) {
        throw new LedgerRuleError(409, `invoice ${data.invoiceId} has no open balance to dispute`);
      }
      await takeAdvisoryLock(tx, context.schema, disputeLockKey(data.disputeId));
      const openedAt = context.now();
      // A dispute is late for a reason too; without a code it is what a dispute usually is.
      const reasonCode = data.reasonCode ?? 'contract-dispute';
      await insertDispute(tx, {
        disputeId: data.disputeId,
        invoiceId: data.invoiceId,
        reason: data.reason,
        reasonCode,
        amountMinor,
        openedAt,
        source: context.source,
      });
      await recordOverdueReasons(tx, {
        invoiceIds: [data.invoiceId],
        customerId: invoice.customerId,
        reason: reasonCode,
        source: 'dispute',
        sourceId: data.disputeId,
        recordedAt: openedAt,
      });
      addFact(facts, context, invoice.customerId, {
        type: LEDGER_DISPUTE_OPENED,
        subject: data.invoiceId,
        data: {
          disputeId: data.disputeId,
          invoiceId: data.invoiceId,
          customerId: invoice.customerId,
          reason: data.reason,
          reasonCode,
          currency: invoice.currency,
          ...(amountMinor === null ? {} : { amount: formatMinorUnits(amountMinor, invoice.currency) }),
          openedAt: openedAt.toISOString(),
        },
      });
      // A resolution that came first was held for this dispute.
      await applyReleasedCommands(tx, context, facts, 'dispute', data.disputeId);
      return { disputeId: data.disputeId, status: 'open', invoiceId: data.invoiceId };
    },
  };
}

/**
 * Upheld: the disputed amount (or, without one, the whole balance) is adjusted off; adjusted: the
 * given amount; rejected: nothing changes and dunning resumes. Never more than the open balance.
 */
export function resolveDispute(data: DisputeResolvedData): LedgerCommand {
  let locked: DisputeRow | undefined;
  return {
    kind: 'dispute-resolve',
    commandId: data.disputeId,
    idField: 'disputeId',
    request: data,
    async prepare(tx, context) {
      // As with invoices: the row lock when the dispute exists, else its advisory lock and a second look.
      locked = await findDisputeForUpdate(tx, data.disputeId);
      if (locked) return undefined;
      await takeAdvisoryLock(tx, context.schema, disputeLockKey(data.disputeId));
      locked = await findDisputeForUpdate(tx, data.disputeId);
      return locked ? undefined : { waitsFor: 'dispute', id: data.disputeId };
    },
    async apply(tx, context, facts) {
      const dispute = locked ?? (await findDisputeForUpdate(tx, data.disputeId));
      if (!dispute) throw new Error(`dispute ${data.disputeId} vanished while it was resolved`);
      const invoice = await lockInvoiceForPosting(tx, dispute.invoice_id);
      if (!invoice) throw new Error(`invoice ${dispute.invoice_id} of dispute ${data.disputeId} is missing`);
      const given = minorIn(data.amount, invoice.currency, 'amount');
      if (data.resolution === 'adjusted' && given === null) {
        throw new LedgerRuleError(422, 'amount: an adjusted resolution needs the amount to adjust');
      }
      const open = invoice.balanceMinor > 0n ? invoice.balanceMinor : 0n;
      const wanted = data.resolution === 'rejected' ? 0n : (given ?? dispute.amount_minor ?? open);
      const adjustment = wanted < open ? wanted : open;
      const resolvedAt = context.now();
      if (adjustment > 0n) {
        await postReduction(tx, context, facts, invoice, {
          kind: 'adjustment',
          amountMinor: adjustment,
          sourceId: data.disputeId,
          occurredAt: resolvedAt,
          cause: 'dispute-adjustment',
        });
      }
      await storeResolution(tx, {
        disputeId: data.disputeId,
        status: data.resolution,
        adjustmentMinor: adjustment > 0n ? adjustment : null,
        resolvedAt,
        source: context.source,
      });
      const amount = adjustment > 0n ? formatMinorUnits(adjustment, invoice.currency) : undefined;
      addFact(facts, context, invoice.customerId, {
        type: LEDGER_DISPUTE_RESOLVED,
        subject: invoice.invoiceId,
        data: {
          disputeId: data.disputeId,
          invoiceId: invoice.invoiceId,
          customerId: invoice.customerId,
          resolution: data.resolution,
          currency: invoice.currency,
          ...(amount === undefined ? {} : { amount }),
          resolvedAt: resolvedAt.toISOString(),
        },
      });
      return {
        disputeId: data.disputeId,
        status: data.resolution,
        invoiceId: invoice.invoiceId,
        ...(amount === undefined ? {} : { adjustment: amount }),
      };
    },
  };
}
