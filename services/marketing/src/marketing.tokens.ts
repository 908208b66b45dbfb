// Nest injection tokens of the Marketing service (values that are not classes).
export const MARKETING_CONFIG = Symbol('MARKETING_CONFIG');
export const MARKETING_LOGGER = Symbol('MARKETING_LOGGER');
export const MARKETING_RUNTIME = Symbol('MARKETING_RUNTIME');
export const MARKETING_PG_POOL = Symbol('MARKETING_PG_POOL');
export const MARKETING_EVENT_STORE = Symbol('MARKETING_EVENT_STORE');
export const MARKETING_TOKEN_VERIFIER = Symbol('MARKETING_TOKEN_VERIFIER');
export const MARKETING_MONGO = Symbol('MARKETING_MONGO');
