// Test fixtures for the Customers domain specs: events and commands with sensible defaults.
import type { CustomerEvent } from '../customer/customer.events';

export const CUSTOMER_ID = '0190a000-0000-7000-8000-000000000001';
export const OTHER_ID = '0190a000-0000-7000-8000-000000000002';
export const NOW = '2024-06-01T12:00:00.000Z';

export function registered(
  customerId = CUSTOMER_ID,
  status: 'prospect' | 'active' = 'prospect',
): CustomerEvent {
  return {
    type: 'customers.CustomerRegistered',
    data: {
      customerId,
      kind: 'person',
      person: { firstName: 'Ada', lastName: 'Lovelace' },
      status,
    },
  };
}

export function companyRegistered(customerId = CUSTOMER_ID): CustomerEvent {
  return {
    type: 'customers.CustomerRegistered',
    data: { customerId, kind: 'company', company: { legalName: 'Acme GmbH' }, status: 'prospect' },
  };
}

export function emailAdded(
  email: string,
  contactId = `c-${email}`,
  primary = true,
  customerId = CUSTOMER_ID,
): CustomerEvent {
  return {
    type: 'customers.ContactAdded',
    data: { customerId, contactId, contactKind: 'email', value: email, primary },
  };
}

export function phoneAdded(
  phone: string,
  contactId = `c-${phone}`,
  primary = true,
  customerId = CUSTOMER_ID,
): CustomerEvent {
  return {
    type: 'customers.ContactAdded',
    data: { customerId, contactId, contactKind: 'phone', value: phone, primary },
  };
}

export function mergedInto(survivorCustomerId: string, customerId = CUSTOMER_ID): CustomerEvent {
  return { type: 'customers.CustomerMergedInto', data: { customerId, survivorCustomerId } };
}

export function erased(customerId = CUSTOMER_ID): CustomerEvent {
  return { type: 'customers.PersonalDataErased', data: { customerId } };
}
