import fc from 'fast-check';
import { InvalidStreamIdError } from './errors/event-store-errors';
import { assertValidStreamId, isValidStreamId, parseStreamId, streamIdFor } from './stream-id';

describe('stream ids', () => {
  it('parses <context>.<Aggregate>-<id>, keeping dashes of the id', () => {
    expect(parseStreamId('service-desk.Ticket-0190a3c4-7e1b-7cc2-9b1a-6f1e2d3c4b5a')).toEqual({
      streamId: 'service-desk.Ticket-0190a3c4-7e1b-7cc2-9b1a-6f1e2d3c4b5a',
      context: 'service-desk',
      aggregate: 'Ticket',
      category: 'service-desk.Ticket',
      id: '0190a3c4-7e1b-7cc2-9b1a-6f1e2d3c4b5a',
    });
    expect(streamIdFor('sales', 'Lead', 'L-42')).toBe('sales.Lead-L-42');
  });

  it.each([
    '',
    'customers',
    'customers.Customer',
    'customers.Customer-',
    'Customers.Customer-1',
    'customers.customer-1',
    'customers.Customer-a b',
    'customers.Customer-a/b',
    `customers.Customer-${'x'.repeat(200)}`,
  ])('refuses %j with InvalidStreamIdError', (bad) => {
    expect(isValidStreamId(bad)).toBe(false);
    expect(() => assertValidStreamId(bad)).toThrow(InvalidStreamIdError);
  });

  it('round-trips every well-formed id', () => {
    const context = fc.stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5})?$/);
    const aggregate = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,10}$/);
    const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:@+=-]{0,30}$/);
    fc.assert(
      fc.property(context, aggregate, id, (c, a, i) => {
        const parsed = parseStreamId(`${c}.${a}-${i}`);
        expect([parsed.context, parsed.aggregate, parsed.id]).toEqual([c, a, i]);
      }),
      { numRuns: 200 },
    );
  });
});
