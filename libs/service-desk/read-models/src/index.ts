// Service-desk read models: document names and shapes, and the scoped query API of the gateway.
export * from './ticket-queue.documents';
export * from './ticket-queue.queries';
export * from './article-ranking';
export * from './knowledge-base.documents';
export * from './knowledge-base.queries';
export * from './service-desk.queries';
export * from './satisfaction.documents';
export * from './satisfaction.queries';
export * from './published-article-index';
export * from './sla-dashboard';
export * from './suggestion-query';
export * from './care-tasks.documents';
export * from './care-tasks.queries';
