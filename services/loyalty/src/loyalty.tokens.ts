// Nest injection tokens of the Loyalty service (values that are not classes).
export const LOYALTY_CONFIG = Symbol('LOYALTY_CONFIG');
export const LOYALTY_LOGGER = Symbol('LOYALTY_LOGGER');
export const LOYALTY_RUNTIME = Symbol('LOYALTY_RUNTIME');
export const LOYALTY_PG_POOL = Symbol('LOYALTY_PG_POOL');
export const LOYALTY_EVENT_STORE = Symbol('LOYALTY_EVENT_STORE');
export const LOYALTY_TOKEN_VERIFIER = Symbol('LOYALTY_TOKEN_VERIFIER');
