// The events of ledger.events.v1, one module per entity. The topic's event types and union schema are read
// off its catalog entry (src/catalog/ledger.ts) in src/topic-unions.ts.
export * from './ledger/charge.ts';
export * from './ledger/customer.ts';
export * from './ledger/dispute.ts';
export * from './ledger/invoice.ts';
export * from './ledger/invoice-balance.ts';
export * from './ledger/payment.ts';
