import { withTransaction } from '@dunning/pg';
import type { PeriodicJob } from '@dunning/service-host';
import type pg from 'pg';
import type { Logger } from 'pino';
import { checkConcentration } from '../commands/check-concentration.ts';
import type { CommandContext } from '../commands/command-context.ts';
import { reassessNextCustomer } from '../commands/reassess-next-customer.ts';
import { markAllCustomersDirty, postponeCustomer } from '../db/customers.queries.ts';

/**
 * Re-scores dirty customers every `intervalMs`. Consumers only mark a customer dirty in the event's
 * transaction, so all events that arrive within one interval cost one assessment: PostgreSQL holds the
 * dirty flag (nothing is lost if Redis or the process dies), and SKIP LOCKED lets instances share the
 * work. Every `rescoreIntervalMs` all customers are marked (the second job), so lateness fades out of
 * its windows. A pass resolves with how many customers it assessed.
 */
export function assessorJobs(options: {
  pool: pg.Pool;
  context: CommandContext;
  logger: Logger;
  intervalMs: number;
  rescoreIntervalMs: number;
}): [assessor: PeriodicJob<number>, rescore: PeriodicJob<void>] {
  const { pool, context, logger } = options;
  let concentrationDue = true;

  async function pass(signal: AbortSignal): Promise<number> {
    let assessed = 0;
    while (!signal.aborted) {
      let claimed: string | undefined;
      try {
        claimed = await withTransaction(pool, (tx) =>
          reassessNextCustomer(tx, context, (customerId) => {
            claimed = customerId;
          }),
        );
      } catch (error) {
        if (claimed === undefined) throw error;
        // Rolled back: send the customer to the back of the queue so one bad profile blocks nobody.
        logger.error({ err: error, customerId: claimed }, 'assessment failed; will retry');
        await postponeCustomer(pool, claimed);
        break; // the next pass starts with the others
      }
      if (claimed === undefined) break;
      assessed++;
    }
    if (assessed > 0 || concentrationDue) {
      concentrationDue = false;
      await withTransaction(pool, (tx) => checkConcentration(tx, context));
    }
    return assessed;
  }

  return [
    // Replicas assess side by side (each claims its customer with SKIP LOCKED); the re-score, which
    // marks every customer, is one replica's at a time.
    { name: 'risk-assessor', everyMs: options.intervalMs, run: pass, replicas: 'shared' },
    {
      name: 'periodic-rescore',
      everyMs: options.rescoreIntervalMs,
      async run() {
        const marked = await markAllCustomersDirty(pool, 'periodic re-score');
        concentrationDue = true;
        logger.debug({ marked }, 'periodic re-score requested');
      },
    },
  ];
}
