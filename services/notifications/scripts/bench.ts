// Throughput of the two expensive hand-overs on this machine: rendering + sending emails to a local
// in-process SMTP server over the pooled transport, and rendering zh-CN PDF letters.
// Usage: node services/notifications/scripts/bench.ts [emails=2000] [pdfs=100] [smtpPoolSize=10]
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { createEmailChannel } from '../src/channels/email-channel.ts';
import { renderLetterPdf } from '../src/channels/letter-pdf.ts';
import { renderAction } from '../src/commands/render-notice.ts';
import { loadConfig } from '../src/config.ts';
import { deliveryIdFor, messageIdFor } from '../src/domain/delivery-id.ts';
import { TemplateLibrary } from '../src/templates/template-library.ts';
import { sampleAction, sampleCustomer } from '../test/fixtures.ts';

const emailCount = Number(process.argv[2] ?? 2000);
const pdfCount = Number(process.argv[3] ?? 100);
const poolSize = process.argv[4] ?? '10';
const concurrency = 50;

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disableReverseLookup: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.server.address() as AddressInfo;

const config = loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_POOL_SIZE: poolSize });
const channel = createEmailChannel(config, pino({ level: 'warn' }));
const library = new TemplateLibrary();
const sender = { companyName: 'Bench Co', companyAddress: '1 Bench Road', paymentInstructions: 'IBAN X' };
const customer = sampleCustomer({ locale: 'zh-CN' });

async function sendOne(): Promise<void> {
  const action = sampleAction(customer.customerId);
  const deliveryId = deliveryIdFor(action.actionId, 'email');
  const { rendered } = renderAction(library, sender, action, customer);
  await channel.send({ deliveryId, messageId: messageIdFor(deliveryId), customer, rendered });
}

await sendOne(); // warm-up: connections, template caches
let started = performance.now();
for (let sent = 0; sent < emailCount; sent += concurrency) {
  await Promise.all(Array.from({ length: Math.min(concurrency, emailCount - sent) }, sendOne));
}
const emailSeconds = (performance.now() - started) / 1000;
await channel.close();
await new Promise<void>((resolve) => server.close(() => resolve()));

const letterAction = sampleAction(customer.customerId, {
  channel: 'letter',
  step: 'legal-letter',
  templateKey: 'legal-letter',
});
const letter = renderAction(library, sender, letterAction, customer);
const createdAt = new Date(letterAction.requestedAt);
const first = await renderLetterPdf(letter.variables, letter.rendered, createdAt); // warm-up: font parsing
started = performance.now();
for (let i = 0; i < pdfCount; i++) await renderLetterPdf(letter.variables, letter.rendered, createdAt);
const pdfSeconds = (performance.now() - started) / 1000;

console.log(
  `emails: ${emailCount} rendered and sent over SMTP (pool of ${config.SMTP_POOL_SIZE}, ${concurrency} in flight) ` +
    `in ${emailSeconds.toFixed(2)} s = ${(emailCount / emailSeconds).toFixed(0)} emails/s (server received ${received - 1})`,
);
console.log(
  `pdfs: ${pdfCount} zh-CN legal letters (${(first.length / 1024).toFixed(0)} KiB each) in ${pdfSeconds.toFixed(2)} s = ` +
    `${(pdfCount / pdfSeconds).toFixed(1)} PDFs/s (one core)`,
);
