// The trigger reactor's lanes (ADR 0450): one customer's events in one lane, so their enrolments,
// exits and inactivity timers keep the log's order, while different customers run at once.
import type { EventEnvelope } from '@crm/event-sourcing';
import { journeyTriggerLane } from './journey-triggers.reactor';

const event = (type: string, data: Record<string, unknown>) => ({ type, data }) as EventEnvelope;

describe('journeyTriggerLane', () => {
  it("puts a customer's registration, orders, churn risk and segment entries in one lane", () => {
    const lanes = [
      event('customers.CustomerRegistered', { customerId: 'c-1' }),
      event('sales.OrderPlaced', { orderId: 'o-1', customerId: 'c-1' }),
      event('loyalty.ChurnRiskRaised', { memberId: 'c-1' }),
      event('marketing.SegmentMembershipChanged', { segmentId: 's', customerId: 'c-1' }),
    ].map(journeyTriggerLane);
    expect(new Set(lanes)).toEqual(new Set(['customer:c-1']));
    expect(journeyTriggerLane(event('sales.OrderPlaced', { customerId: 'c-2' }))).toBe(
      'customer:c-2',
    );
  });

  it('gives a published journey its own lane, apart from any customer', () => {
    expect(journeyTriggerLane(event('marketing.JourneyPublished', { journeyId: 'c-1' }))).toBe(
      'journey:c-1',
    );
  });
});
