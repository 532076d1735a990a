export {
  type FaultRow,
  type FaultSuiteOptions,
  type FaultSuiteResult,
  faultTable,
  runFaultSuite,
} from './fault-suite.ts';
export { expectedLedger } from './oracle/expected-ledger.ts';
export { judge, type Observations, type StoredStep, type Verdict } from './oracle/judge.ts';
export { erpScript } from './stream/erp-script.ts';
