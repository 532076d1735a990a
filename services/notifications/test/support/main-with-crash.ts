/**
 * The notifications service as `main.ts` runs it, plus a crash point for the crash tests: with
 * `TEST_CRASH_AT=rendered` the process SIGKILLs itself once a notice is stored as 'sending' (before
 * the channel is called), with `TEST_CRASH_AT=sent` once the channel accepted it (before 'sent' is
 * recorded). The switch lives here, in the tests, not in the shipped configuration.
 */
import { runService } from '@dunning/service-host';
import { loadConfig } from '../../src/config.ts';
import type { DeliveryCheckpoint } from '../../src/jobs/deliver-notification.job.ts';
import { startNotificationsService } from '../../src/service.ts';

const crashAt = process.env.TEST_CRASH_AT as DeliveryCheckpoint | undefined;
if (crashAt !== 'rendered' && crashAt !== 'sent') {
  process.stderr.write('main-with-crash: set TEST_CRASH_AT to rendered or sent\n');
  process.exit(2);
}

await runService('notifications', loadConfig, (config, logger) =>
  startNotificationsService(config, logger, {
    deliveryCheckpoint: (point) => {
      if (point !== crashAt) return;
      logger.fatal({ point }, 'test crash point reached: killing the process');
      process.kill(process.pid, 'SIGKILL');
    },
  }),
);
