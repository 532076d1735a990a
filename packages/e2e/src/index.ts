export { customerBody, invoiceBody } from './samples.ts';
export { type PlatformUnderTest, platformUnderTest } from './platform-under-test.ts';
