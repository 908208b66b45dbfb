export * from './customer-contact-index';
export * from './customer-contact-indexer';
