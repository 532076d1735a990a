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

/** A valid invoice for POST /v1/invoices (and the data of erp.invoice.issued). */
export function invoiceBody(invoiceId: string, customerId: string, amount = '1200.50') {
  return {
    invoiceId,
    customerId,
    number: `INV-${invoiceId}`,
    currency: 'CNY',
    amount,
    issueDate: '2026-10-01',
    dueDate: '2026-10-31',
  };
}
