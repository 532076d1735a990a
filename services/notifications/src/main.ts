import { runService } from '@dunning/service-host';
import { loadConfig } from './config.ts';
import { startNotificationsService } from './service.ts';

await runService('notifications', loadConfig, startNotificationsService);
