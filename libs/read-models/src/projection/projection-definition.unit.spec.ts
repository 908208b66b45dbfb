import type { EventEnvelope } from '@crm/event-sourcing';
import { InvalidProjectionError, changesOf, defineProjection } from './projection-definition';
import type { ProjectionDefinition } from './projection-definition';
import { remove, upsert } from './read-model-change';

const valid: ProjectionDefinition = {
  name: 'open-tickets',
  version: 1,
  eventTypes: ['service-desk.TicketOpened', 'service-desk.TicketClosed'],
  readModels: ['tickets'],
  onPoison: 'halt',
  project: (event) =>
    event.type === 'service-desk.TicketClosed'
      ? remove('tickets', event.streamId)
      : upsert('tickets', event.streamId, { set: { open: true } }),
};

const event = (type: string): EventEnvelope =>
  ({ type, streamId: 'service-desk.Ticket-1' }) as EventEnvelope;

describe('defineProjection', () => {
  it('accepts a well-formed definition', () => {
    expect(defineProjection(valid)).toBe(valid);
  });

  it.each<[string, Partial<ProjectionDefinition>, RegExp]>([
    ['a name that is not kebab-case', { name: 'OpenTickets' }, /kebab-case/],
    ['version 0', { version: 0 }, /version/],
    ['no event types', { eventTypes: [] }, /no event type/],
    ['a duplicated event type', { eventTypes: ['a.B', 'a.B'] }, /twice/],
    ['no read model', { readModels: [] }, /no read model/],
    ['a read model with a dot', { readModels: ['tick.ets'] }, /snake_case/],
    [
      'indexes of an undeclared model',
      { indexes: { other: [{ fields: { a: 1 } }] } },
      /undeclared read model/,
    ],
    ['an unknown poison policy', { onPoison: 'skip' as never }, /halt or continue/],
  ])('refuses %s', (_name, patch, message) => {
    expect(() => defineProjection({ ...valid, ...patch })).toThrow(InvalidProjectionError);
    expect(() => defineProjection({ ...valid, ...patch })).toThrow(message);
  });
});

describe('changesOf', () => {
  it('normalises one, many or no changes to an array', () => {
    expect(changesOf(valid, event('service-desk.TicketOpened'))).toEqual([
      { kind: 'upsert', model: 'tickets', id: 'service-desk.Ticket-1', set: { open: true } },
    ]);
    expect(changesOf({ ...valid, project: () => undefined }, event('x.Y'))).toEqual([]);
    expect(
      changesOf(
        { ...valid, project: () => [remove('tickets', 'a'), remove('tickets', 'b')] },
        event('x.Y'),
      ),
    ).toHaveLength(2);
  });

  it('refuses a change to an undeclared read model or without an id', () => {
    expect(() =>
      changesOf({ ...valid, project: () => remove('users', 'a') }, event('x.Y')),
    ).toThrow(/undeclared read model "users"/);
    expect(() =>
      changesOf({ ...valid, project: () => remove('tickets', '') }, event('x.Y')),
    ).toThrow(/no document id/);
  });
});
