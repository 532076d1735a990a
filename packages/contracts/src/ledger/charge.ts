import { z } from 'zod';
import { ChargeKind } from '../dunning/charge.ts';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { CurrencyCode, checkMoney, DecimalAmount } from '../money-schema.ts';
import { Reason } from '../text.ts';
import { Instant } from '../time.ts';

export const LEDGER_CHARGE_BOOKED = 'ledger.charge.booked';
export const LEDGER_CHARGE_WAIVED = 'ledger.charge.waived';

const ChargeFacts = {
  chargeId: EntityId,
  customerId: EntityId,
  invoiceId: EntityId.optional().meta({ description: 'The invoice an interest charge accrued on' }),
  invoiceIds: z.array(EntityId).min(1).meta({ description: 'The invoices the charge is about' }),
  kind: ChargeKind,
  currency: CurrencyCode,
  amount: DecimalAmount,
};

/** The ledger booked a dunning charge as an open `charge` item of the customer (once per chargeId). */
export const LedgerChargeBookedData = z
  .strictObject({ ...ChargeFacts, leviedAt: Instant, bookedAt: Instant })
  .superRefine(checkMoney('positive', ['amount']));
export type LedgerChargeBookedData = z.infer<typeof LedgerChargeBookedData>;

/** A booked charge was waived: the ledger booked its reversal; it is no longer owed. */
export const LedgerChargeWaivedData = z
  .strictObject({ ...ChargeFacts, reason: Reason, waivedAt: Instant })
  .superRefine(checkMoney('positive', ['amount']));
export type LedgerChargeWaivedData = z.infer<typeof LedgerChargeWaivedData>;

export const LedgerChargeBookedEvent = cloudEventSchema(LEDGER_CHARGE_BOOKED, LedgerChargeBookedData);
export type LedgerChargeBookedEvent = z.infer<typeof LedgerChargeBookedEvent>;
export const LedgerChargeWaivedEvent = cloudEventSchema(LEDGER_CHARGE_WAIVED, LedgerChargeWaivedData);
export type LedgerChargeWaivedEvent = z.infer<typeof LedgerChargeWaivedEvent>;
