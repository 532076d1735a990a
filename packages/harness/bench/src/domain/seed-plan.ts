// The pages phase's data set: which state each seeded invoice is in, and its customer, currency and
// days past due, as pure rules that the seeding SQL applies row by row (so a unit test can check the
// mix the database receives).

/** The states of a seeded invoice, with their share per mille and days past due (today - due date). */
export const INVOICE_MIX = [
  { state: 'paid', perMille: 450, dpd: { min: 20, span: 340 } },
  { state: 'part-paid', perMille: 80, dpd: { min: 1, span: 120 } },
  { state: 'current', perMille: 150, dpd: { min: -29, span: 30 } },
  { state: 'overdue-1-30', perMille: 100, dpd: { min: 1, span: 30 } },
  { state: 'overdue-31-60', perMille: 60, dpd: { min: 31, span: 30 } },
  { state: 'overdue-61-90', perMille: 40, dpd: { min: 61, span: 30 } },
  { state: 'overdue-90+', perMille: 50, dpd: { min: 91, span: 270 } },
  { state: 'disputed', perMille: 30, dpd: { min: 5, span: 80 } },
  { state: 'written-off', perMille: 20, dpd: { min: 120, span: 240 } },
  { state: 'cancelled', perMille: 20, dpd: { min: -20, span: 100 } },
] as const;
export type InvoiceState = (typeof INVOICE_MIX)[number]['state'];

/** Customers' countries with their zone, currency (0, 2 and 3 decimals) and locale, by customer number. */
export const COUNTRIES = [
  { country: 'CN', timeZone: 'Asia/Shanghai', currency: 'CNY', decimals: 2, locale: 'zh-CN' },
  { country: 'CN', timeZone: 'Asia/Shanghai', currency: 'CNY', decimals: 2, locale: 'zh-CN' },
  { country: 'US', timeZone: 'America/Chicago', currency: 'USD', decimals: 2, locale: 'en' },
  { country: 'DE', timeZone: 'Europe/Berlin', currency: 'EUR', decimals: 2, locale: 'en' },
  { country: 'JP', timeZone: 'Asia/Tokyo', currency: 'JPY', decimals: 0, locale: 'en' },
  { country: 'KW', timeZone: 'Asia/Kuwait', currency: 'KWD', decimals: 3, locale: 'en' },
  { country: 'GB', timeZone: 'Europe/London', currency: 'GBP', decimals: 2, locale: 'en' },
] as const;

export const INDUSTRIES = [
  'manufacturing',
  'wholesale',
  'retail',
  'construction',
  'logistics',
  'software',
  'food',
  'chemicals',
] as const;
export const COLLECTORS = 50;

/** A multiplier coprime to 1000, so consecutive invoices spread over every state. */
const STATE_HASH = 7919;
const stateKey = (i: number) => (i * STATE_HASH) % 1000;

export function stateOf(i: number): InvoiceState {
  const key = stateKey(i);
  let upTo = 0;
  for (const entry of INVOICE_MIX) {
    upTo += entry.perMille;
    if (key < upTo) return entry.state;
  }
  throw new Error('the mix does not add up to 1000 per mille');
}

export function daysPastDue(i: number): number {
  const { dpd } = INVOICE_MIX.find((m) => m.state === stateOf(i))!;
  return dpd.min + (i % dpd.span);
}

export interface SeedPlan {
  invoices: number;
  customers: number;
  /** Customer 1 holds this many invoices (the customer page's worst case); the rest go round-robin. */
  bigCustomerInvoices: number;
}

export function seedPlan(invoices: number, invoicesPerCustomer: number): SeedPlan {
  const customers = Math.max(2, Math.floor(invoices / invoicesPerCustomer));
  return { invoices, customers, bigCustomerInvoices: Math.min(1000, Math.floor(invoices / 50)) };
}

/** The customer number (1-based) of invoice i. */
export function customerOf(plan: SeedPlan, i: number): number {
  return i <= plan.bigCustomerInvoices ? 1 : 2 + (i % (plan.customers - 1));
}

/** How many invoices of each state a plan seeds (what `stateOf` gives for 1..N). */
export function stateCounts(invoices: number): Record<InvoiceState, number> {
  const counts = Object.fromEntries(INVOICE_MIX.map((m) => [m.state, 0])) as Record<InvoiceState, number>;
  for (let i = 1; i <= invoices; i++) counts[stateOf(i)]++;
  return counts;
}

// The same rules in SQL, over an integer column `i` (the invoice number), for the seeding statements.

export function stateSql(i = 'i'): string {
  let upTo = 0;
  const arms = INVOICE_MIX.map((m) => {
    upTo += m.perMille;
    return `WHEN (${i}::bigint * ${STATE_HASH}) % 1000 < ${upTo} THEN '${m.state}'`;
  });
  return `CASE ${arms.join(' ')} END`;
}

export function daysPastDueSql(state: string, i = 'i'): string {
  const arms = INVOICE_MIX.map((m) => `WHEN '${m.state}' THEN ${m.dpd.min} + ${i} % ${m.dpd.span}`);
  return `CASE ${state} ${arms.join(' ')} END`;
}

export function customerSql(plan: SeedPlan, i = 'i'): string {
  return `CASE WHEN ${i} <= ${plan.bigCustomerInvoices} THEN 1 ELSE 2 + ${i} % ${plan.customers - 1} END`;
}

/** A SQL array literal of one field of the country table, indexed by `1 + c % length`. */
export function countrySql(field: keyof (typeof COUNTRIES)[number], c = 'c'): string {
  const values = COUNTRIES.map((x) => (typeof x[field] === 'number' ? x[field] : `'${x[field]}'`));
  return `(ARRAY[${values.join(', ')}])[1 + ${c} % ${COUNTRIES.length}]`;
}
