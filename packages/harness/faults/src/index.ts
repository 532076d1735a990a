export {
  type FaultRow,
  type FaultSuiteOptions,
  type FaultSuiteResult,
  faultTable,
  runFaultSuite,
} from './fault-suite.ts';
export { overdueAnnouncements } from './observe/overdue-announcements.ts';
export {
  everyReplicaJob,
  periodicJobCounts,
  periodicJobsOf,
  periodicJobTable,
  type ReplicaJobs,
} from './observe/periodic-jobs.ts';
export { readTopic } from './observe/read-topic.ts';
export { expectedLedger } from './oracle/expected-ledger.ts';
export { judge, type Observations, type StoredStep, type Verdict } from './oracle/judge.ts';
export { type RunRecord, runRecord } from './run-record.ts';
export { erpScript } from './stream/erp-script.ts';
