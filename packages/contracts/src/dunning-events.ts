// The events of dunning.events.v1, one module per entity. The topic's event types and union schema are read
// off its catalog entry (src/catalog/dunning.ts) in src/topic-unions.ts.
export * from './dunning/action.ts';
export * from './dunning/case.ts';
export * from './dunning/customer-policy.ts';
export * from './dunning/legal.ts';
export * from './dunning/promise.ts';
export * from './dunning/task.ts';
