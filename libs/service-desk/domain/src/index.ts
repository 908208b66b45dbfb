// Service-desk domain: business calendars, SLA policies and clocks, and the Ticket aggregate as
// pure functions and a decider. No framework, no I/O, no clock.
export * from './errors';
export * from './service-desk.limits';
export * from './streams';
export * from './calendar/zoned-time';
export * from './calendar/business-calendar';
export * from './ticket/ticket.types';
export * from './sla/sla-policy';
export * from './sla/sla-clock';
export * from './ticket/ticket.events';
export * from './ticket/ticket.commands';
export * from './ticket/ticket.state';
export * from './ticket/ticket.decider';
export * from './sla/sla-check';
export * from './sla/sla-escalation';
export * from './article/article.types';
export * from './article/article.commands';
export * from './article/article.events';
export * from './article/article.state';
export * from './article/article.decider';
export * from './nps/nps';
export * from './routing/ticket-routing';
export * from './routing/routing.decider';
export * from './care/care-task';
export * from './ticket/ticket-conversation';
export * from './article/personal-data-stripping';
export * from './article/article-from-ticket';
