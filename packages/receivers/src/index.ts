export { Receipts } from './receipts.ts';
export { type Receivers, startReceivers } from './receivers.ts';
