import { withTransaction } from '@dunning/pg';
import type pg from 'pg';
import type { Logger } from 'pino';
import { checkConcentration } from '../commands/check-concentration.ts';
import { reassessNextCustomer } from '../commands/reassess-next-customer.ts';
import type { RiskContext } from '../commands/risk-context.ts';
import { markAllCustomersDirty, postponeCustomer } from '../db/customers.queries.ts';

export interface AssessorLoop {
  /** Runs one pass now (tests and shutdown use it); resolves when the pass is done. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Re-scores dirty customers every `intervalMs`. Consumers only mark a customer dirty in the event's
 * transaction, so all events that arrive within one interval cost one assessment: PostgreSQL holds the
 * dirty flag (nothing is lost if Redis or the process dies), and SKIP LOCKED lets instances share the
 * work. Every `rescoreIntervalMs` all customers are marked, so lateness fades out of its windows.
 */
export function startAssessorLoop(options: {
  pool: pg.Pool;
  context: RiskContext;
  logger: Logger;
  intervalMs: number;
  rescoreIntervalMs: number;
}): AssessorLoop {
  const { pool, context, logger } = options;
  let stopped = false;
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let concentrationDue = true;

  async function pass(): Promise<number> {
    let assessed = 0;
    while (!stopped) {
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

  function runOnce(): Promise<number> {
    // One pass at a time: a pass started while another runs waits for it, then runs.
    const previous = running ?? Promise.resolve(0);
    const next = previous.catch(() => 0).then(pass);
    running = next;
    return next;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        await runOnce();
      } catch (error) {
        logger.warn({ err: error }, 'risk assessment pass failed; retrying next interval');
      }
      schedule();
    }, options.intervalMs);
  }

  const rescore = setInterval(async () => {
    try {
      const marked = await markAllCustomersDirty(pool, 'periodic re-score');
      concentrationDue = true;
      logger.debug({ marked }, 'periodic re-score requested');
    } catch (error) {
      logger.warn({ err: error }, 'periodic re-score failed');
    }
  }, options.rescoreIntervalMs);
  schedule();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(rescore);
      await running?.catch(() => 0);
    },
  };
}
