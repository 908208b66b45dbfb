// Loyalty read models: document names and shapes, and the tenant-scoped query API of the gateway.
export * from './loyalty-read-model.documents';
export * from './loyalty-read-model.queries';
export * from './member-as-of-day';
