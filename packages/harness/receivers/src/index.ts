// The SMS gateway stand-in and its receipts live in @dunning/testing, so that a service's own tests can use
// it without reaching into the harness; the harness offers it beside the mail server.
export {
  Receipts,
  type SmsGateway,
  type SmsGatewayOptions,
  type SmsRequest,
  startSmsGateway,
} from '@dunning/testing/sms-gateway';
export { type Receivers, startReceivers } from './receivers.ts';
export { type ReceivedSpan, startTraceReceiver, type TraceReceiver } from './trace-receiver.ts';
