// Service-desk context contracts: event schemas and the personal-data declaration.
export * from './service-desk.contracts';
export * from './service-desk.personal-data';
export * from './knowledge-base.contracts';
export * from './nps.contracts';
export * from './service-desk-inbound.contracts';
