// The events of erp.events.v1, one module per entity. The topic's event types and union schema are read
// off its catalog entry (src/catalog/erp.ts) in src/topic-unions.ts.
export * from './erp/credit-note.ts';
export * from './erp/customer.ts';
export * from './erp/customer-alert.ts';
export * from './erp/dispute.ts';
export * from './erp/invoice.ts';
export * from './erp/payment.ts';
