// Reactors: a context reacting to another context's public events by sending a command to itself,
// with exactly one effect per event (idempotency key from the event id), a PostgreSQL checkpoint,
// lag, parked poison events that can be retried, and replay from a chosen position.
export * from './reactor-definition';
export * from './reactor';
export * from './reactor.repository';
export { isTransientFailure } from '@crm/transient-failures';
export * from './reactors-cli';
export * from './customer-contacts';
