export { type PlatformUnderTest, platformUnderTest } from './platform-under-test.ts';
export { customerBody, invoiceBody } from './samples.ts';
