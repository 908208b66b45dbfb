import { ContractRegistry } from '../contract-registry';
import { customersContracts } from './customers.contracts';
import { CUSTOMERS_PERSONAL_FIELDS } from './customers.personal-data';

describe('customers contracts', () => {
  const registry = new ContractRegistry([customersContracts]);

  it('compile, and their examples match their schemas', () => {
    expect(registry.eventTypes()).toHaveLength(23);
  });

  it('declare personal fields only for published types', () => {
    for (const type of Object.keys(CUSTOMERS_PERSONAL_FIELDS))
      expect(registry.has(type, 1)).toBe(true);
  });
});
