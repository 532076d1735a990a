import { runService } from '@dunning/service-host';
import { loadConfig } from './config.ts';
import { startConsoleService } from './service.ts';

await runService('console', loadConfig, startConsoleService);
