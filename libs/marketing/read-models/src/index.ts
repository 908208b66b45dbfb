// Marketing read models: document names and shapes, the gateway's queries, and the segment
// audience over the customers' profile read model (shared with services/marketing).
export * from './marketing-read-model.documents';
export * from './marketing-read-model.queries';
export * from './customer-audience';
export * from './journey-profiles';
export * from './marketing-audience.documents';
export * from './segment-members';
export * from './customer-touches';
export * from './attribution-facts';
