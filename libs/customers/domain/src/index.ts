// Customers domain: the Customer and CustomFieldDefinitions aggregates as pure deciders, their
// commands, events, typed errors and value rules. No framework, no I/O, no clock.
export * from './customers.limits';
export * from './errors';
export * from './streams';
export * from './values/text';
export * from './values/defined';
export * from './values/email';
export * from './values/phone';
export * from './values/national-id';
export * from './values/bank-card';
export * from './values/dates';
export * from './values/money';
export * from './values/address';
export * from './custom-fields/custom-field-definitions.types';
export * from './custom-fields/custom-field-definitions.decider';
export * from './custom-fields/custom-field-values';
export * from './customer/customer.types';
export * from './customer/customer.events';
export * from './customer/customer.commands';
export * from './customer/customer.state';
export * from './customer/customer.validation';
export * from './customer/customer.decider';
export * from './customer/consent-decision';
export * from './customer/customer-identities';
export * from './customer/personal-data-export';
export * from './customer/personal-data-subjects';
export * from './customer/registration-facts';
