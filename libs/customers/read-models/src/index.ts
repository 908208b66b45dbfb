// Customer read models (MongoDB): document shapes, the query API the gateway calls (360, search,
// timeline), the derived classification, and the personal-data policy with a decrypting store view
// for every reader that needs clear customer data.
export * from './customer-read-model.documents';
export * from './classification/customer-classification';
export * from './queries/customer-search-filter';
export * from './queries/customer-read-model.queries';
export * from './personal-data/customers-personal-data';
