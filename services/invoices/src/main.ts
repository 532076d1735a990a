import { runService } from '@dunning/service-host';
import { loadConfig } from './config.ts';
import { startInvoicesService } from './service.ts';

await runService('invoices', loadConfig, startInvoicesService);
