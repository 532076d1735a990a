export { type DunningEventsRecorder, recordDunningEvents } from './dunning-events-recorder.ts';
export { getFound } from './platform-client.ts';
export { type PlatformUnderTest, platformUnderTest } from './platform-under-test.ts';
export { customerBody, invoiceBody } from './samples.ts';
