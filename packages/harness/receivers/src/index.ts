export { Receipts } from './receipts.ts';
export { type Receivers, startReceivers } from './receivers.ts';
export { type SmsGateway, type SmsGatewayOptions, type SmsRequest, startSmsGateway } from './sms-gateway.ts';
