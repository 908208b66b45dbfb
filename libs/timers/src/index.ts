// Durable timers: a context schedules a command for an instant or a calendar rule in a time zone,
// by business key (schedule / reschedule / cancel); workers fire due timers from PostgreSQL with
// SKIP LOCKED, each firing carrying the idempotency key `timer:<id>:<due instant>`.
export * from './timer-schedule';
export * from './timer-scheduler';
export * from './timer-worker';
export * from './timers.migrations';
export * from './timer-backlog';
export * from './timer-rewind';
export * from './local-day';
