// Nest injection tokens of the Customers service (values that are not classes).
export const CUSTOMERS_CONFIG = Symbol('CUSTOMERS_CONFIG');
export const CUSTOMERS_LOGGER = Symbol('CUSTOMERS_LOGGER');
export const CUSTOMERS_RUNTIME = Symbol('CUSTOMERS_RUNTIME');
export const CUSTOMERS_PG_POOL = Symbol('CUSTOMERS_PG_POOL');
export const CUSTOMERS_EVENT_STORE = Symbol('CUSTOMERS_EVENT_STORE');
export const CUSTOMERS_DATA_KEYS = Symbol('CUSTOMERS_DATA_KEYS');
export const CUSTOMERS_TOKEN_VERIFIER = Symbol('CUSTOMERS_TOKEN_VERIFIER');
