import { runService } from '@dunning/service-host';
import { loadConfig } from './config.ts';
import { startDunningService } from './service.ts';

await runService('dunning', loadConfig, startDunningService);
