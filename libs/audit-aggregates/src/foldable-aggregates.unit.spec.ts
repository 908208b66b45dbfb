import { foldableAggregate } from './foldable-aggregates';

describe('foldable aggregates', () => {
  it('finds the decider by the stream category, and none for an unknown category', () => {
    const customer = foldableAggregate('customers.Customer-0190a000-0000-7000-8000-000000000001');
    expect(customer?.decider.initialState).toEqual({ stage: 'unregistered' });
    expect(foldableAggregate('sales.Lead-1')).toBeUndefined();
    expect(foldableAggregate('no-category')).toBeUndefined();
  });
});
