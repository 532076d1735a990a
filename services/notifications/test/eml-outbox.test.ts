import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testLogger } from '@dunning/testing';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../src/channels/channel.ts';
import { classifySmtpError, createEmailChannel } from '../src/channels/email-channel.ts';
import { renderAction } from '../src/commands/render-notice.ts';
import { loadConfig } from '../src/config.ts';
import { deliveryIdFor, messageIdFor } from '../src/domain/delivery-id.ts';
import { TemplateLibrary } from '../src/templates/template-library.ts';
import { sampleAction, sampleCustomer } from './fixtures.ts';

describe('email without an SMTP server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ntf-eml-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each email as an .eml file named after the delivery', async () => {
    const config = loadConfig({ MAIL_OUTBOX_DIR: dir });
    const channel = createEmailChannel(config, testLogger('eml'));
    const customer = sampleCustomer();
    const action = sampleAction(customer.customerId);
    const sender = { companyName: 'Co', companyAddress: 'Road', paymentInstructions: 'Pay' };
    const { rendered } = renderAction(new TemplateLibrary(), sender, action, customer);
    const deliveryId = deliveryIdFor(action.actionId, 'email');
    await channel.send({ deliveryId, messageId: messageIdFor(deliveryId), customer, rendered });
    await channel.close();

    expect(readdirSync(dir)).toEqual([`${deliveryId}.eml`]);
    const mail = await simpleParser(readFileSync(join(dir, `${deliveryId}.eml`)));
    expect(mail.messageId).toBe(messageIdFor(deliveryId));
    expect(mail.subject).toBe(rendered.subject);
    expect(mail.text).toContain('INV-2026-0042');
    expect(mail.html).toContain('Acme &lt;Trading&gt; &amp; Sons');
  });
});

describe('classifySmtpError', () => {
  it('treats 5xx replies as hard bounces and the rest as transient', () => {
    const failure = (fields: object) => Object.assign(new Error('failed'), fields);
    expect(classifySmtpError(failure({ responseCode: 550, response: '550 no such user' }))).toMatchObject({
      permanent: true,
    });
    expect(classifySmtpError(failure({ responseCode: 451 }))).toMatchObject({ permanent: false });
    expect(classifySmtpError(failure({ code: 'ECONNREFUSED' }))).toMatchObject({ permanent: false });
    expect(classifySmtpError(failure({}))).toBeInstanceOf(DeliveryError);
  });
});
