// Sales domain: the Lead, Opportunity and Order aggregates as pure deciders, lead assignment as a
// pure function, their commands, events, typed errors and limits. No framework, no I/O, no clock.
export * from './sales.limits';
export * from './errors';
export * from './streams';
export * from './values/money';
export * from './assignment/lead-assignment';
export * from './lead/lead.types';
export * from './lead/lead.events';
export * from './lead/lead.commands';
export * from './lead/lead.state';
export * from './lead/lead.decider';
export * from './opportunity/pipeline';
export * from './opportunity/opportunity.events';
export * from './opportunity/opportunity.commands';
export * from './opportunity/opportunity.state';
export * from './opportunity/opportunity.decider';
export * from './order/order.types';
export * from './order/order.events';
export * from './order/order.commands';
export * from './order/order.state';
export * from './order/order.decider';
