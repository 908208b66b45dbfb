// Customers context contracts: event schemas and the personal-data declaration.
export * from './customers.contracts';
export * from './customers.personal-data';
export { ERASED as CUSTOMERS_ERASED_MARKER } from './customers-schema-parts';
