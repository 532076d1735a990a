import type { RiskModel } from '../risk-model.ts';
import { riskModelV1 } from './v1.ts';

/** Every model version the service can run; RISK_MODEL_VERSION picks one. */
export const riskModels: Readonly<Record<string, RiskModel>> = { [riskModelV1.version]: riskModelV1 };
