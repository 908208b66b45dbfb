import { consumerGroupOf, topicsOf } from './projection-topics';

describe('projection topics and consumer group', () => {
  it('reads one topic per context of its event types', () => {
    expect(
      topicsOf({
        eventTypes: ['sales.LeadCaptured', 'customers.CustomerRegistered', 'sales.LeadQualified'],
      }),
    ).toEqual(['crm.customers.events', 'crm.sales.events']);
    expect(topicsOf({ eventTypes: ['service-desk.TicketOpened'] }, 'staging.')).toEqual([
      'staging.crm.service-desk.events',
    ]);
  });

  it('uses one consumer group per projection version', () => {
    expect(consumerGroupOf({ name: 'customer-360', version: 3 })).toBe(
      'crm.projections.customer-360.v3',
    );
  });
});
