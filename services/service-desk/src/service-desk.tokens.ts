// Nest injection tokens of the service-desk service (values that are not classes).
export const SERVICE_DESK_CONFIG = Symbol('SERVICE_DESK_CONFIG');
export const SERVICE_DESK_LOGGER = Symbol('SERVICE_DESK_LOGGER');
export const SERVICE_DESK_RUNTIME = Symbol('SERVICE_DESK_RUNTIME');
export const SERVICE_DESK_PG_POOL = Symbol('SERVICE_DESK_PG_POOL');
export const SERVICE_DESK_EVENT_STORE = Symbol('SERVICE_DESK_EVENT_STORE');
/** The store without the personal-data layer: subscriptions read events as published. */
export const SERVICE_DESK_RAW_STORE = Symbol('SERVICE_DESK_RAW_STORE');
export const SERVICE_DESK_TOKEN_VERIFIER = Symbol('SERVICE_DESK_TOKEN_VERIFIER');
/** The survey link signer (satisfaction/survey-link.ts), or null without a survey secret. */
export const SURVEY_LINKS = Symbol('SURVEY_LINKS');
