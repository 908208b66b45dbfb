// Sales read models: document shapes and names, and the scoped queries the gateway runs.
export * from './sales-read-model.documents';
export * from './sales-read-model.queries';
export * from './sales-personal-data-policy';
export * from './board-placements';
