import { runService } from '@dunning/service-host';
import { loadConfig } from './config.ts';
import { startCreditRiskService } from './service.ts';

await runService('credit-risk', loadConfig, startCreditRiskService);
