import { memberStreamId } from '@crm/loyalty-domain';
import { FOLDABLE_CATEGORIES, foldableAggregate } from './foldable-aggregates';

describe('foldable aggregates', () => {
  it('finds the decider by the stream category, and none for an unknown category', () => {
    const customer = foldableAggregate('customers.Customer-0190a000-0000-7000-8000-000000000001');
    expect(customer?.decider.initialState).toEqual({ stage: 'unregistered' });
    expect(foldableAggregate('sales.Unknown-1')).toBeUndefined();
    expect(foldableAggregate('no-category')).toBeUndefined();
  });

  it('covers every context, including one whose name has a dash (service-desk)', () => {
    const contexts = new Set(FOLDABLE_CATEGORIES.map((c) => c.slice(0, c.indexOf('.'))));
    expect([...contexts].sort()).toEqual([
      'customers',
      'loyalty',
      'marketing',
      'sales',
      'service-desk',
    ]);
    // The old lookup cut the category at the first '-' and found nothing for these.
    expect(foldableAggregate('service-desk.Ticket-t-1')).toBeDefined();
    expect(foldableAggregate('sales.Lead-lead-1')).toBeDefined();
    expect(foldableAggregate(memberStreamId('m-1'))).toBeDefined();
  });

  it('folds a sales lead from its stored events', () => {
    const lead = foldableAggregate('sales.Lead-l1')!;
    const state = [
      {
        type: 'sales.LeadCaptured',
        data: { leadId: 'l1', ownerId: 'rep-1', teamId: 'team-a' },
      },
      { type: 'sales.LeadAssigned', data: { leadId: 'l1', ownerId: 'rep-2', teamId: 'team-a' } },
    ].reduce(
      (s, e) => lead.decider.evolve(s as never, lead.toDomainEvent(e as never) as never),
      lead.decider.initialState,
    );
    expect(state).toMatchObject({ status: 'Open', leadId: 'l1', ownerId: 'rep-2' });
  });
});
