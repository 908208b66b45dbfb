import { prepareAppend, sealEvents } from './append-preparation';
import type { NewEvent } from './envelope';
import { EventTooLargeError, InvalidEventError } from './errors/event-store-errors';
import { EventTypeRegistry } from './event-types/event-type-registry';

const types = new EventTypeRegistry([{ type: 'sales.LeadCaptured', schemaVersion: 3 }]);
const event = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  eventId: '0190A3C4-7E1B-7CC2-9B1A-6F1E2D3C4B5A',
  type: 'sales.LeadCaptured',
  tenantId: 't',
  occurredAt: '2025-01-01T00:00:00.000Z',
  actor: { kind: 'system', name: 's' },
  correlationId: 'c',
  causationId: 'c',
  data: { a: 1, dropped: undefined },
  ...overrides,
});

describe('append preparation', () => {
  it('defaults the schema version, lower-cases ids and stores exactly what a reader will see', () => {
    const [prepared] = prepareAppend('sales.Lead-1', [event()], types).events;
    expect(prepared).toMatchObject({
      schemaVersion: 3,
      eventId: '0190a3c4-7e1b-7cc2-9b1a-6f1e2d3c4b5a',
      data: { a: 1 },
      dataJson: '{"a":1}',
    });
    expect(Object.keys(prepared!.data as object)).toEqual(['a']);
  });

  it('enforces the configured size limit in bytes', () => {
    expect(() =>
      prepareAppend('sales.Lead-1', [event({ data: 'x'.repeat(20) })], types, {
        maxEventBytes: 22,
      }),
    ).not.toThrow(); // 20 x + 2 quotes
    expect(() =>
      prepareAppend('sales.Lead-1', [event({ data: 'x'.repeat(20) })], types, {
        maxEventBytes: 21,
      }),
    ).toThrow(EventTooLargeError);
  });

  it('refuses impossible calendar dates and non-arrays', () => {
    expect(() =>
      prepareAppend('sales.Lead-1', [event({ occurredAt: '2025-02-30T00:00:00.000Z' })], types),
    ).toThrow(InvalidEventError);
    expect(() => prepareAppend('sales.Lead-1', {} as never, types)).toThrow(InvalidEventError);
    expect(() => prepareAppend('sales.Lead-1', [null as never], types)).toThrow(InvalidEventError);
  });

  it('seals versions and the hash chain after the stream head', () => {
    const { events } = prepareAppend(
      'sales.Lead-1',
      [event(), event({ eventId: '0190a3c4-7e1b-7cc2-9b1a-6f1e2d3c4b5b' })],
      types,
    );
    const sealed = sealEvents('sales.Lead-1', events, 4, 'f'.repeat(64));
    expect(sealed.map((e) => e.streamVersion)).toEqual([5, 6]);
    expect(sealed[0]!.previousHash).toBe('f'.repeat(64));
    expect(sealed[1]!.previousHash).toBe(sealed[0]!.hash);
  });
});
