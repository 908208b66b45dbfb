// Nest injection tokens of the Sales service (values that are not classes).
export const SALES_CONFIG = Symbol('SALES_CONFIG');
export const SALES_LOGGER = Symbol('SALES_LOGGER');
export const SALES_RUNTIME = Symbol('SALES_RUNTIME');
export const SALES_PG_POOL = Symbol('SALES_PG_POOL');
export const SALES_EVENT_STORE = Symbol('SALES_EVENT_STORE');
export const SALES_TOKEN_VERIFIER = Symbol('SALES_TOKEN_VERIFIER');
/** The store without the personal-data layer: events as published (reactors read it). */
export const SALES_RAW_STORE = Symbol('SALES_RAW_STORE');
