/** A valid customer body for PUT /v1/customers/:customerId. */
export function customerBody(name = 'Acme Trading Co.') {
  return {
    name,
    email: 'ap@acme.example',
    locale: 'en',
    timezone: 'Asia/Shanghai',
    industry: 'wholesale',
    address: { line1: '1 Harbour Road', city: 'Shanghai', country: 'CN' },
    paymentTermsDays: 30,
    collectorId: 'collector-1',
  };
}

const isoDate = (daysFromToday: number) =>
  new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);

/** A valid invoice for POST /v1/invoices, issued today and due in 30 days (not overdue during a test). */
export function invoiceBody(invoiceId: string, customerId: string, amount = '1200.50') {
  return {
    invoiceId,
    customerId,
    number: `INV-${invoiceId}`,
    currency: 'CNY',
    amount,
    issueDate: isoDate(0),
    dueDate: isoDate(30),
  };
}
