import type { DunningActionRequestedData, Locale } from '@dunning/contracts';
import { describe, expect, it } from 'vitest';
import { renderLetterPdf } from '../src/channels/letter-pdf.ts';
import { chargeLabel, formatRate } from '../src/domain/charge-labels.ts';
import { payByDate } from '../src/domain/deadline.ts';
import { letterLabels } from '../src/domain/letter-labels.ts';
import { formatMoney } from '../src/domain/money-format.ts';
import { noticeVariables } from '../src/domain/notice-variables.ts';
import { TemplateLibrary } from '../src/templates/template-library.ts';
import { sampleAction, sampleCustomer } from './fixtures.ts';
import { pdfText } from './support/pdf-text.ts';

const library = new TemplateLibrary();
const shippedKeys = ['courtesy-reminder', 'reminder', 'overdue-notice', 'final-notice', 'legal-letter'];
const locales: Locale[] = ['en', 'zh-CN'];

const zhSender = {
  companyName: '上海示例贸易有限公司',
  companyAddress: '上海市浦东新区世纪大道1号',
  paymentInstructions: '请转账至中国银行账户，并注明发票号。',
};
const zhCustomer = sampleCustomer({
  locale: 'zh-CN',
  name: '深圳市某某科技有限公司',
  address: { line1: '深南大道100号', city: '深圳', postalCode: '518000', country: '中国' },
});

/** A final notice as dunning sends it: English charge wording, the interest rate as a decimal string. */
function chargedAction(overrides: Partial<DunningActionRequestedData> = {}): DunningActionRequestedData {
  return sampleAction(zhCustomer.customerId, {
    level: 3,
    step: 'final-notice',
    templateKey: 'dunning.final-notice',
    charges: [
      { kind: 'fee', description: 'Dunning fee', amount: '50.00', currency: 'CNY' },
      {
        kind: 'interest',
        description: 'Late-payment interest at 0.12 a year',
        amount: '98.63',
        currency: 'CNY',
        annualRate: '0.12',
      },
    ],
    collector: { collectorId: 'col-1', name: '李伟', email: 'li.wei@example.com', phone: '+8613900139000' },
    ...overrides,
  });
}

/**
 * Latin words left once what the customer, the ERP and Intl legitimately put there (invoice numbers,
 * e-mail addresses, the customer number, "US$") is taken out: wording the notice itself adds.
 */
function englishWords(text: string, action: DunningActionRequestedData): string[] {
  const allowed = [
    ...action.invoices.flatMap((invoice) => [
      invoice.number,
      formatMoney(invoice.amount, invoice.currency, 'zh-CN'),
      formatMoney(invoice.balance, invoice.currency, 'zh-CN'),
    ]),
    'US$',
    action.collector?.email ?? '',
    action.customerId,
  ];
  let rest = text.replace(/<[^>]*>/g, ' ');
  for (const value of allowed) if (value) rest = rest.replaceAll(value, ' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

describe('formatRate', () => {
  it.each([
    ['0.12', 'en', '12%'],
    ['0.12', 'zh-CN', '12%'],
    ['0.085', 'en', '8.5%'],
    ['0.000125', 'zh-CN', '0.0125%'],
    ['1', 'en', '100%'],
    ['0', 'zh-CN', '0%'],
  ] as const)('%s in %s is %s', (rate, locale, expected) => {
    expect(formatRate(rate, locale)).toBe(expected);
  });
});

describe('charge labels', () => {
  it('names every charge in the reader language, the rate as a percentage', () => {
    const interest = { kind: 'interest' as const, annualRate: '0.12' };
    const fee = { kind: 'fee' as const };
    expect(chargeLabel(interest, 'zh-CN')).toBe('逾期利息（年利率 12%）');
    expect(chargeLabel(interest, 'en')).toBe('Late-payment interest at 12% a year');
    expect(chargeLabel(fee, 'zh-CN')).toBe('催收费');
    expect(chargeLabel(fee, 'en')).toBe('Dunning fee');
    expect(chargeLabel({ kind: 'interest', annualRate: '1' }, 'en')).toBe(
      'Late-payment interest at 100% a year',
    );
    // An interest charge that states no rate still gets a Chinese name.
    expect(chargeLabel({ kind: 'interest' }, 'zh-CN')).toBe('逾期利息');
  });
});

describe('payByDate', () => {
  const at = (requestedAt: string, level = 3, deadline?: string) => ({
    requestedAt,
    level,
    ...(deadline === undefined ? {} : { deadline }),
  });
  it('is the action deadline when there is one, at any level', () => {
    expect(payByDate(at('2026-11-30T02:00:00Z', 3, '2026-12-15'), 'Asia/Shanghai')).toBe('2026-12-15');
    expect(payByDate(at('2026-11-30T02:00:00Z', 1, '2026-12-15'), 'UTC')).toBe('2026-12-15');
  });
  it('gives a final notice without one ten days from its local calendar day', () => {
    // 20:00 UTC on Nov 30 is already Dec 1 in Shanghai, still Nov 30 in Los Angeles.
    expect(payByDate(at('2026-11-30T20:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-11');
    expect(payByDate(at('2026-11-30T20:00:00Z'), 'America/Los_Angeles')).toBe('2026-12-10');
    // Month and year ends, a leap year's February.
    expect(payByDate(at('2026-12-25T12:00:00Z'), 'UTC')).toBe('2027-01-04');
    expect(payByDate(at('2028-02-25T12:00:00Z'), 'UTC')).toBe('2028-03-06');
    expect(payByDate(at('2027-02-25T12:00:00Z'), 'UTC')).toBe('2027-03-07');
    expect(payByDate(at('2026-01-31T23:30:00Z'), 'Pacific/Kiritimati')).toBe('2026-02-11');
  });
  it('names no date for other levels without a deadline', () => {
    for (const level of [0, 1, 2, 4])
      expect(payByDate(at('2026-11-30T02:00:00Z', level), 'UTC')).toBeUndefined();
  });
});

describe('final notice names its date', () => {
  it('prints the deadline in the reader locale in the email text, HTML and SMS', () => {
    const action = chargedAction({ deadline: '2026-12-15' });
    const en = library.render('final-notice', 'en', noticeVariables(action, zhCustomer, zhSender, 'en'));
    expect(en.text).toContain('not received by December 15, 2026, we will hand the matter');
    expect(en.html).toContain('not received by <strong>December 15, 2026</strong>');
    expect(en.sms).toContain('pay by December 15, 2026');
    const zh = library.render(
      'final-notice',
      'zh-CN',
      noticeVariables(action, zhCustomer, zhSender, 'zh-CN'),
    );
    expect(zh.text).toContain('如在 2026年12月15日 前仍未收到应付款项');
    expect(zh.html).toContain('<strong>2026年12月15日</strong> 前仍未收到');
    expect(zh.sms).toContain('请于 2026年12月15日 前付款');
  });

  it('without a deadline, dates a final notice ten days after its day in the customer zone', () => {
    const action = chargedAction({ requestedAt: '2026-11-30T20:00:00Z' });
    delete action.deadline;
    const zh = library.render(
      'final-notice',
      'zh-CN',
      noticeVariables(action, zhCustomer, zhSender, 'zh-CN'),
    );
    expect(zh.text).toContain('如在 2026年12月11日 前仍未收到应付款项');
    const la = { ...zhCustomer, timezone: 'America/Los_Angeles' };
    const en = library.render('final-notice', 'en', noticeVariables(action, la, zhSender, 'en'));
    expect(en.text).toContain('not received by December 10, 2026');
  });

  it('the PDF letter of a final notice carries the pay-by date', async () => {
    const action = chargedAction({ deadline: '2026-12-15', channel: 'letter' });
    const variables = noticeVariables(action, zhCustomer, zhSender, 'zh-CN');
    const rendered = library.render('final-notice', 'zh-CN', variables);
    const text = pdfText(await renderLetterPdf(variables, rendered, new Date(action.requestedAt))).replace(
      /\s+/g,
      '',
    );
    expect(text).toContain('付款期限:2026年12月15日');
    expect(text).toContain('2026年12月15日前仍未收到应付款项');
  });
});

describe('every shipped template in every locale', () => {
  const action = chargedAction({ deadline: '2026-12-15' });

  it.each(shippedKeys)('%s: zh-CN has no English wording in any part', (key) => {
    const notice = library.render(key, 'zh-CN', noticeVariables(action, zhCustomer, zhSender, 'zh-CN'));
    for (const [part, text] of Object.entries({
      subject: notice.subject,
      text: notice.text,
      html: notice.html,
      sms: notice.sms,
      letter: notice.letter.join('\n'),
    })) {
      expect(englishWords(text, action), `${key} ${part}`).toEqual([]);
    }
    expect(notice.text).toContain('逾期利息（年利率 12%）：¥98.63');
    expect(notice.text).toContain('催收费：¥50.00');
    expect(notice.text).toContain('2026年10月31日');
  });

  it.each(shippedKeys)('%s: both locales name the charges in their own words and the dates', (key) => {
    for (const locale of locales) {
      const notice = library.render(key, locale, noticeVariables(action, zhCustomer, zhSender, locale));
      expect(notice.subject.length, `${key} ${locale}`).toBeGreaterThan(0);
      expect(notice.sms.length, `${key} ${locale}`).toBeGreaterThan(0);
      if (locale === 'en') {
        expect(notice.text).toContain('Late-payment interest at 12% a year: CN¥98.63');
        expect(notice.text).toContain('Please pay by December 15, 2026.');
        expect(notice.text).toContain('due October 31, 2026');
      } else {
        expect(notice.text).toContain('请于 2026年12月15日 前付款。');
      }
    }
  });

  it('the zh-CN PDF letter: labels, charges and dates are all Chinese', async () => {
    const letter = chargedAction({
      deadline: '2026-12-15',
      channel: 'letter',
      step: 'legal-letter',
      level: 4,
    });
    const variables = noticeVariables(letter, zhCustomer, zhSender, 'zh-CN');
    const rendered = library.render('legal-letter', 'zh-CN', variables);
    const text = pdfText(await renderLetterPdf(variables, rendered, new Date(letter.requestedAt)));
    expect(englishWords(text, letter)).toEqual([]);
    const compact = text.replace(/\s+/g, '');
    expect(compact).toContain('费用–逾期利息（年利率12%）:¥98.63');
    expect(compact).toContain('费用–催收费:¥50.00');
    expect(compact).toContain('付款期限:2026年12月15日');
    for (const label of Object.values(letterLabels['zh-CN'])) expect(label).not.toMatch(/[A-Za-z]/);
  });

  it('the English PDF letter uses the English labels', async () => {
    const letter = chargedAction({
      deadline: '2026-12-15',
      channel: 'letter',
      step: 'legal-letter',
      level: 4,
    });
    const variables = noticeVariables(letter, zhCustomer, zhSender, 'en');
    const rendered = library.render('legal-letter', 'en', variables);
    const compact = pdfText(await renderLetterPdf(variables, rendered, new Date(letter.requestedAt))).replace(
      /\s+/g,
      ' ',
    );
    expect(compact).toContain('Charges – Late-payment interest at 12% a year: CN¥98.63');
    expect(compact).toContain('Pay by: December 15, 2026');
  });
});
