import type { Locale } from '@dunning/contracts';

/** The fixed words of a printed letter, per locale; the wording itself comes from the templates. */
export interface LetterLabels {
  date: string;
  customerNumber: string;
  invoice: string;
  dueDate: string;
  amount: string;
  open: string;
  daysOverdue: string;
  totalOpen: string;
  charges: string;
  amountDue: string;
  howToPay: string;
  payBy: string;
  contact: string;
  page: string;
}

export const letterLabels: Record<Locale, LetterLabels> = {
  en: {
    date: 'Date',
    customerNumber: 'Customer no.',
    invoice: 'Invoice',
    dueDate: 'Due date',
    amount: 'Amount',
    open: 'Open',
    daysOverdue: 'Days overdue',
    totalOpen: 'Total open',
    charges: 'Charges',
    amountDue: 'Amount due',
    howToPay: 'How to pay',
    payBy: 'Pay by',
    contact: 'Your contact',
    page: 'Page',
  },
  'zh-CN': {
    date: '日期',
    customerNumber: '客户编号',
    invoice: '发票号',
    dueDate: '到期日',
    amount: '金额',
    open: '未付',
    daysOverdue: '逾期天数',
    totalOpen: '未付合计',
    charges: '费用',
    amountDue: '应付总额',
    howToPay: '付款方式',
    payBy: '付款期限',
    contact: '联系人',
    page: '页',
  },
};
