import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId, entityIdList } from '../ids.ts';
import { CurrencyCode, checkMoney, DecimalAmount } from '../money-schema.ts';
import { Instant, IsoDate } from '../time.ts';

export const DUNNING_PROMISE_RECORDED = 'dunning.promise.recorded';
export const DUNNING_PROMISE_KEPT = 'dunning.promise.kept';
export const DUNNING_PROMISE_BROKEN = 'dunning.promise.broken';

const promiseShape = {
  promiseId: EntityId,
  customerId: EntityId,
  invoiceIds: entityIdList(),
  promisedDate: IsoDate,
  amount: DecimalAmount,
  currency: CurrencyCode,
};

/** A collector recorded the customer's promise to pay `amount` by `promisedDate`; dunning pauses. */
export const DunningPromiseRecordedData = z
  .strictObject({ ...promiseShape, collectorId: EntityId, recordedAt: Instant })
  .superRefine(checkMoney('positive', ['amount']));
export type DunningPromiseRecordedData = z.infer<typeof DunningPromiseRecordedData>;

export const DunningPromiseRecordedEvent = cloudEventSchema(
  DUNNING_PROMISE_RECORDED,
  DunningPromiseRecordedData,
);
export type DunningPromiseRecordedEvent = z.infer<typeof DunningPromiseRecordedEvent>;

/** How a promise to pay turned out (kept or broken) and when that was established. */
export const DunningPromiseOutcomeData = z
  .strictObject({ ...promiseShape, at: Instant })
  .superRefine(checkMoney('positive', ['amount']));
export type DunningPromiseOutcomeData = z.infer<typeof DunningPromiseOutcomeData>;

/** The customer paid as promised. */
export const DunningPromiseKeptData = DunningPromiseOutcomeData;
export type DunningPromiseKeptData = z.infer<typeof DunningPromiseKeptData>;

export const DunningPromiseKeptEvent = cloudEventSchema(DUNNING_PROMISE_KEPT, DunningPromiseKeptData);
export type DunningPromiseKeptEvent = z.infer<typeof DunningPromiseKeptEvent>;

/** The promised date passed without the promised payment; dunning resumes. */
export const DunningPromiseBrokenData = DunningPromiseOutcomeData;
export type DunningPromiseBrokenData = z.infer<typeof DunningPromiseBrokenData>;

export const DunningPromiseBrokenEvent = cloudEventSchema(DUNNING_PROMISE_BROKEN, DunningPromiseBrokenData);
export type DunningPromiseBrokenEvent = z.infer<typeof DunningPromiseBrokenEvent>;
