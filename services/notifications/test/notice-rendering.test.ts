import { describe, expect, it } from 'vitest';
import { renderAction } from '../src/commands/render-notice.ts';
import { formatDay } from '../src/domain/date-format.ts';
import { formatMoney, totalsByCurrency } from '../src/domain/money-format.ts';
import { noticeVariables } from '../src/domain/notice-variables.ts';
import { TemplateLibrary } from '../src/templates/template-library.ts';
import { sampleAction, sampleCustomer } from './fixtures.ts';

const sender = { companyName: 'Example Co', companyAddress: '1 Road', paymentInstructions: 'IBAN X' };
const library = new TemplateLibrary();

describe('formatMoney', () => {
  it('formats decimal strings exactly, beyond float precision', () => {
    expect(formatMoney('99999999999999.99', 'USD', 'en')).toBe('$99,999,999,999,999.99');
    expect(formatMoney('0.1', 'CNY', 'zh-CN')).toBe('¥0.10');
    expect(formatMoney('1234.5', 'EUR', 'en')).toBe('€1,234.50');
  });
  it('uses the currency exponent (JPY has none, BHD three)', () => {
    expect(formatMoney('1500', 'JPY', 'en')).toBe('¥1,500');
    expect(formatMoney('1.005', 'BHD', 'en')).toBe('BHD\u00a01.005');
  });
  it('writes US dollars the Chinese way for zh-CN', () => {
    expect(formatMoney('1234.56', 'USD', 'zh-CN')).toBe('US$1,234.56');
  });
  it('rejects amounts with more decimals than the currency has', () => {
    expect(() => formatMoney('1.001', 'CNY', 'en')).toThrow(/decimals/);
  });
  it('sums per currency in minor units', () => {
    const totals = totalsByCurrency([
      { amount: '0.1', currency: 'CNY' },
      { amount: '0.2', currency: 'CNY' },
      { amount: '5', currency: 'USD' },
    ]);
    expect(totals).toEqual(
      new Map([
        ['CNY', 30n],
        ['USD', 500n],
      ]),
    );
  });
});

describe('formatDay', () => {
  it('prints a plain date as written, whatever the zone', () => {
    expect(formatDay('2026-12-31', 'en', 'Pacific/Kiritimati')).toBe('December 31, 2026');
    expect(formatDay('2026-12-31', 'zh-CN', 'America/Los_Angeles')).toBe('2026年12月31日');
  });
  it('prints an instant as the day in the customer zone', () => {
    expect(formatDay('2026-11-30T20:00:00Z', 'en', 'Asia/Shanghai')).toBe('December 1, 2026');
    expect(formatDay('2026-11-30T20:00:00Z', 'en', 'UTC')).toBe('November 30, 2026');
  });
});

describe('templates', () => {
  it('ships every default step in both locales', () => {
    for (const key of ['courtesy-reminder', 'reminder', 'overdue-notice', 'final-notice', 'legal-letter']) {
      expect(library.has(key, 'en'), key).toBe(true);
      expect(library.has(key, 'zh-CN'), key).toBe(true);
    }
  });

  it('renders an English notice with amounts, totals, charges, deadline and contact', () => {
    const customer = sampleCustomer();
    const action = sampleAction(customer.customerId);
    const notice = library.render('overdue-notice', 'en', noticeVariables(action, customer, sender, 'en'));
    expect(notice.subject).toBe('Overdue notice: CN¥10,000.05, $99,999,999,999,999.99 past due');
    expect(notice.text).toContain(
      'Invoice INV-2026-0042, due October 31, 2026: CN¥10,000.05 open of CN¥12,345.60 (30 days overdue)',
    );
    expect(notice.text).toContain('Dunning fee: CN¥50.00');
    expect(notice.text).toContain('Amount due: CN¥10,050.05, $99,999,999,999,999.99');
    expect(notice.text).toContain('Please pay by December 15, 2026.');
    expect(notice.text).toContain('Your contact: Li Wei, li.wei@example.com, +8613900139000');
    expect(notice.text).toContain('Dear Acme <Trading> & Sons,');
  });

  it('escapes customer-provided text in HTML only', () => {
    const customer = sampleCustomer({ name: '<script>alert(1)</script>' });
    const action = sampleAction(customer.customerId);
    const notice = library.render('reminder', 'en', noticeVariables(action, customer, sender, 'en'));
    expect(notice.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(notice.html).not.toContain('<script>');
    expect(notice.text).toContain('<script>alert(1)</script>');
  });

  it('renders zh-CN with Chinese dates and money', () => {
    const customer = sampleCustomer({ locale: 'zh-CN', name: '上海某某建设有限公司' });
    const action = sampleAction(customer.customerId, { step: 'reminder', templateKey: 'reminder' });
    const notice = library.render('reminder', 'zh-CN', noticeVariables(action, customer, sender, 'zh-CN'));
    expect(notice.subject).toBe('付款提醒：2 张发票未付，合计 ¥10,000.05，US$99,999,999,999,999.99');
    expect(notice.text).toContain('尊敬的上海某某建设有限公司：');
    expect(notice.text).toContain('到期日 2026年10月31日');
    expect(notice.text).toContain('请于 2026年12月15日 前付款。');
    expect(notice.sms.length).toBeLessThan(200);
  });

  it('falls back from the template key to the step, then to English', () => {
    expect(library.resolve(['policy-x-step-2', 'final-notice'], 'zh-CN')).toEqual({
      templateKey: 'final-notice',
      locale: 'zh-CN',
    });
    expect(library.resolve(['nothing-like-this'], 'en')).toBeUndefined();
  });

  it("finds the dunning service's namespaced keys ('dunning.final-notice') and custom steps", () => {
    const customer = sampleCustomer();
    const renderFor = (templateKey: string, step: string) =>
      renderAction(library, sender, sampleAction(customer.customerId, { templateKey, step }), customer)
        .rendered;
    expect(renderFor('dunning.final-notice', 'final-notice').templateKey).toBe('final-notice');
    expect(renderFor('dunning.overdue-notice', 'second-notice').templateKey).toBe('overdue-notice');
    expect(renderFor('dunning.courtesy-reminder', 'courtesy-reminder').subject).toBe(
      'Upcoming payment: 2 invoice(s), CN¥10,000.05, $99,999,999,999,999.99',
    );
    expect(() => renderFor('acme.custom', 'custom')).toThrow(/no template/);
  });

  it('gives the legal letter its own legal wording as paragraphs', () => {
    const customer = sampleCustomer({ locale: 'zh-CN' });
    const action = sampleAction(customer.customerId, { step: 'legal-letter', templateKey: 'legal-letter' });
    const notice = library.render(
      'legal-letter',
      'zh-CN',
      noticeVariables(action, customer, sender, 'zh-CN'),
    );
    expect(notice.letter[0]).toBe('律师函（付款催告函）');
    expect(notice.letter.join('\n')).toContain('2026年12月15日 前');
  });
});
