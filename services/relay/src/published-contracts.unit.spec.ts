// Every event type the domain libraries declare must have a public contract before the relay
// publishes it. Add each context's type list here when the context is added.
import { platformContracts } from '@crm/contracts';
import { CUSTOMER_EVENT_TYPES } from '@crm/customers-domain';

const DOMAIN_EVENT_TYPES: readonly string[] = [...CUSTOMER_EVENT_TYPES];

describe('public contracts of the published event types', () => {
  const registry = platformContracts();

  it('cover every event type a domain library declares (at least v1)', () => {
    const missing = DOMAIN_EVENT_TYPES.filter((type) => registry.latestVersion(type) === undefined);
    expect(missing).toEqual([]);
  });

  it('fail loudly for a type without a schema', () => {
    expect(registry.missing([{ type: 'customers.SomethingNew', schemaVersion: 1 }])).toEqual([
      'customers.SomethingNew v1',
    ]);
    expect(() => registry.schemaFor('customers.SomethingNew', 1)).toThrow(
      /No public contract for customers\.SomethingNew v1/,
    );
  });
});
