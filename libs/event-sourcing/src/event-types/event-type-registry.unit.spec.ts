import {
  InvalidEventDataError,
  InvalidEventError,
  UnknownEventTypeError,
} from '../errors/event-store-errors';
import { EventTypeRegistry } from './event-type-registry';

describe('EventTypeRegistry', () => {
  const registry = new EventTypeRegistry([
    {
      type: 'sales.LeadCaptured',
      schemaVersion: 2,
      dataSchema: {
        type: 'object',
        required: ['email'],
        properties: { email: { type: 'string' } },
      },
    },
  ]);

  it('knows registered types and their current version', () => {
    expect(registry.has('sales.LeadCaptured')).toBe(true);
    expect(registry.require('sales.LeadCaptured').schemaVersion).toBe(2);
    expect(registry.types()).toEqual(['sales.LeadCaptured']);
    expect(() => registry.require('sales.LeadLost')).toThrow(UnknownEventTypeError);
  });

  it('validates payloads against the registered JSON Schema', () => {
    expect(() => registry.validateData('sales.LeadCaptured', 'e', { email: 'a@b' })).not.toThrow();
    expect(() => registry.validateData('sales.LeadCaptured', 'e', { email: 5 })).toThrow(
      InvalidEventDataError,
    );
  });

  it.each([
    [{ type: 'LeadCaptured', schemaVersion: 1 }],
    [{ type: 'sales.leadCaptured', schemaVersion: 1 }],
    [{ type: 'sales.LeadCaptured2', schemaVersion: 0 }],
    [{ type: 'sales.LeadCaptured', schemaVersion: 1 }],
  ])('refuses a bad or duplicate definition %j', (definition) => {
    expect(() => registry.register(definition)).toThrow(InvalidEventError);
  });
});
