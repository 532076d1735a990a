import type {
  Address,
  DunningActionRequestedData,
  LedgerCustomerUpsertedData,
  Locale,
} from '@dunning/contracts';
import { chargeLabel } from './charge-labels.ts';
import { formatDay } from './date-format.ts';
import { payByDate } from './deadline.ts';
import { formatMinorMoney, formatMoney, totalsByCurrency } from './money-format.ts';

/** What the letterhead and payment block say; comes from the service's configuration. */
export interface Sender {
  companyName: string;
  companyAddress: string;
  paymentInstructions: string;
}

/** The customer as a notice needs it (a subset of the ledger's profile). */
export type CustomerContact = Pick<
  LedgerCustomerUpsertedData,
  'customerId' | 'name' | 'email' | 'phone' | 'locale' | 'timezone' | 'address'
>;

export interface MoneyLine {
  currency: string;
  amount: string;
}

/** Everything a template may print, already formatted for the reader's locale. */
export interface NoticeVariables {
  locale: Locale;
  step: string;
  level: number;
  company: { name: string; address: string };
  customer: { customerId: string; name: string; addressLines: string[] };
  invoices: {
    number: string;
    currency: string;
    amount: string;
    balance: string;
    dueDate: string;
    daysOverdue: number;
    isOverdue: boolean;
  }[];
  invoiceCount: number;
  totals: MoneyLine[];
  charges: { kind: 'fee' | 'interest'; description: string; amount: string }[];
  hasCharges: boolean;
  amountDue: MoneyLine[];
  maxDaysOverdue: number;
  /** The pay-by date, printed; a final notice always has one (see domain/deadline.ts). */
  deadline: string | undefined;
  paymentInstructions: string;
  collector: { name: string; email: string | undefined; phone: string | undefined } | undefined;
  date: string;
}

export function addressLines(name: string, address: Address): string[] {
  return [
    name,
    address.line1,
    ...(address.line2 ? [address.line2] : []),
    [address.postalCode, address.city].filter(Boolean).join(' '),
    address.country,
  ];
}

function formatTotals(totals: Map<string, bigint>, locale: Locale): MoneyLine[] {
  return [...totals].map(([currency, minor]) => ({
    currency,
    amount: formatMinorMoney(minor, currency, locale),
  }));
}

/**
 * Turns a dunning action and the customer's profile into the variables of every template. The date
 * printed is the action's `requestedAt`, not the clock, so a re-render gives the same document.
 * Charges are named in the reader's language from their kind (not dunning's English description).
 */
export function noticeVariables(
  action: DunningActionRequestedData,
  customer: CustomerContact,
  sender: Sender,
  locale: Locale,
): NoticeVariables {
  const zone = customer.timezone;
  const balances = action.invoices.map((invoice) => ({
    amount: invoice.balance,
    currency: invoice.currency,
  }));
  const totals = totalsByCurrency(balances);
  const amountDue = totalsByCurrency([...balances, ...action.charges]);
  const deadline = payByDate(action, zone);
  return {
    locale,
    step: action.step,
    level: action.level,
    company: { name: sender.companyName, address: sender.companyAddress },
    customer: {
      customerId: customer.customerId,
      name: customer.name,
      addressLines: addressLines(customer.name, customer.address),
    },
    invoices: action.invoices.map((invoice) => ({
      number: invoice.number,
      currency: invoice.currency,
      amount: formatMoney(invoice.amount, invoice.currency, locale),
      balance: formatMoney(invoice.balance, invoice.currency, locale),
      dueDate: formatDay(invoice.dueDate, locale, zone),
      daysOverdue: invoice.daysOverdue,
      isOverdue: invoice.daysOverdue > 0,
    })),
    invoiceCount: action.invoices.length,
    totals: formatTotals(totals, locale),
    charges: action.charges.map((charge) => ({
      kind: charge.kind,
      description: chargeLabel(charge, locale),
      amount: formatMoney(charge.amount, charge.currency, locale),
    })),
    hasCharges: action.charges.length > 0,
    amountDue: formatTotals(amountDue, locale),
    maxDaysOverdue: Math.max(...action.invoices.map((invoice) => invoice.daysOverdue)),
    deadline: deadline === undefined ? undefined : formatDay(deadline, locale, zone),
    paymentInstructions: sender.paymentInstructions,
    collector: action.collector && {
      name: action.collector.name,
      email: action.collector.email,
      phone: action.collector.phone,
    },
    date: formatDay(action.requestedAt, locale, zone),
  };
}
