import { EVENT_TYPE, STREAM_NAME } from '@kurrent/kurrentdb-client';
import type { EventEnvelope } from '../envelope';
import {
  PLATFORM_STREAM_REGEX,
  envelopeMatcher,
  escapeRegex,
  serverFilterSpec,
  toServerFilter,
} from './kurrentdb-filter';

const envelope = (overrides: Partial<EventEnvelope>): EventEnvelope => ({
  eventId: 'e',
  type: 'sales.LeadQualified',
  schemaVersion: 1,
  streamId: 'sales.Lead-1',
  streamVersion: 1,
  globalPosition: 1,
  tenantId: 't1',
  occurredAt: '2025-03-01T10:00:00.000Z',
  actor: { kind: 'system', name: 's' },
  correlationId: 'c',
  causationId: 'c',
  data: {},
  hash: 'h',
  previousHash: null,
  ...overrides,
});

describe('global log filter → KurrentDB server filter', () => {
  it('sends categories as stream-name prefixes (the most selective server filter)', () => {
    const spec = serverFilterSpec({
      categories: ['sales.Lead', 'sales.Quote'],
      contexts: ['sales'],
      eventTypes: ['sales.LeadQualified'],
    });
    expect(spec).toEqual({ on: 'streamName', prefixes: ['sales.Lead-', 'sales.Quote-'] });
    expect(toServerFilter(spec, { checkpointInterval: 3 })).toMatchObject({
      filterOn: STREAM_NAME,
      prefixes: ['sales.Lead-', 'sales.Quote-'],
      checkpointInterval: 3,
    });
  });

  it('sends contexts as stream-name prefixes ending in a dot', () => {
    expect(serverFilterSpec({ contexts: ['service-desk'] })).toEqual({
      on: 'streamName',
      prefixes: ['service-desk.'],
    });
  });

  it('sends event types as an anchored, escaped regex', () => {
    const spec = serverFilterSpec({
      eventTypes: ['sales.LeadQualified', 'service-desk.TicketOpened'],
      tenantIds: ['t1'],
    });
    expect(spec).toEqual({
      on: 'eventType',
      regex: '^(?:sales\\.LeadQualified|service\\-desk\\.TicketOpened)$',
    });
    const source = 'regex' in spec ? spec.regex : '$never';
    const regex = new RegExp(source);
    expect(regex.test('sales.LeadQualified')).toBe(true);
    expect(regex.test('salesXLeadQualified')).toBe(false);
    expect(regex.test('sales.LeadQualifiedAgain')).toBe(false);
    expect(toServerFilter(spec)).toMatchObject({ filterOn: EVENT_TYPE, regex: source });
  });

  it('without a stream or type filter, asks only for platform streams (no $system or bookkeeping streams)', () => {
    expect(serverFilterSpec({ tenantIds: ['t1'] })).toEqual({
      on: 'streamName',
      regex: PLATFORM_STREAM_REGEX,
    });
    const regex = new RegExp(PLATFORM_STREAM_REGEX);
    expect(
      ['customers.Customer-1', 'service-desk.Ticket-0190-ab'].every((s) => regex.test(s)),
    ).toBe(true);
    expect(
      ['$stats-1', '$$customers.Customer-1', 'crm-event-id-0190', 'crm-idempotency-ab'].some((s) =>
        regex.test(s),
      ),
    ).toBe(false);
  });

  it('escapes every regex metacharacter', () => {
    expect(new RegExp(`^${escapeRegex('a.b*c+(d)|e[f]$^\\-')}$`).test('a.b*c+(d)|e[f]$^\\-')).toBe(
      true,
    );
  });
});

describe('client-side envelope matcher (exact filter semantics)', () => {
  it('ANDs across fields and ORs within one', () => {
    const match = envelopeMatcher({
      contexts: ['sales'],
      tenantIds: ['t1', 't2'],
      eventTypes: ['sales.LeadQualified'],
    });
    expect(match(envelope({}))).toBe(true);
    expect(match(envelope({ tenantId: 't2' }))).toBe(true);
    expect(match(envelope({ tenantId: 't3' }))).toBe(false);
    expect(match(envelope({ streamId: 'customers.Customer-1' }))).toBe(false);
    expect(match(envelope({ type: 'sales.LeadLost' }))).toBe(false);
  });

  it('matches categories exactly, not by prefix', () => {
    const match = envelopeMatcher({ categories: ['sales.Lead'] });
    expect(match(envelope({ streamId: 'sales.Lead-1' }))).toBe(true);
    expect(match(envelope({ streamId: 'sales.LeadScore-1' }))).toBe(false);
  });

  it('uses an inclusive start and an exclusive end for occurredAt', () => {
    const match = envelopeMatcher({
      occurredFrom: '2025-03-01T10:00:00.000Z',
      occurredTo: new Date('2025-03-02T00:00:00.000Z'),
    });
    expect(match(envelope({ occurredAt: '2025-03-01T10:00:00.000Z' }))).toBe(true);
    expect(match(envelope({ occurredAt: '2025-03-02T00:00:00.000Z' }))).toBe(false);
    expect(match(envelope({ occurredAt: '2025-03-01T09:59:59.999Z' }))).toBe(false);
    expect(() => envelopeMatcher({ occurredFrom: 'yesterday' })).toThrow(RangeError);
  });
});
