// Sales context contracts: event schemas and the personal-data declaration.
export * from './sales.contracts';
export * from './sales-pipeline.contracts';
export * from './sales.personal-data';
export * from './sales-inbound.contracts';
