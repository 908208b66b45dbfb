// The event types a store accepts, with their current schema version and (optionally) a JSON
// Schema of the payload. Unknown types are refused on append so a typo never reaches the log.
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { EVENT_TYPE_PATTERN } from '../envelope';
import { formatAjvErrors } from '../envelope.schema';
import {
  InvalidEventDataError,
  InvalidEventError,
  UnknownEventTypeError,
} from '../errors/event-store-errors';

export interface EventTypeDefinition {
  /** `<context>.<PastTenseName>`; never renamed once persisted. */
  readonly type: string;
  /** The version new events are written with; older stored versions are upcast to it on read. */
  readonly schemaVersion: number;
  /** JSON Schema of the current version's payload; validated on append when given. */
  readonly dataSchema?: object;
}

export class EventTypeRegistry {
  private readonly definitions = new Map<string, EventTypeDefinition>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv({ allErrors: true, strict: false });

  constructor(definitions: Iterable<EventTypeDefinition> = []) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: EventTypeDefinition): this {
    if (!EVENT_TYPE_PATTERN.test(definition.type)) {
      throw new InvalidEventError(
        `Event type ${JSON.stringify(definition.type)} is not <context>.<PastTenseName>`,
      );
    }
    if (!Number.isInteger(definition.schemaVersion) || definition.schemaVersion < 1) {
      throw new InvalidEventError(
        `Event type ${definition.type} needs an integer schemaVersion >= 1`,
      );
    }
    if (this.definitions.has(definition.type)) {
      throw new InvalidEventError(`Event type ${definition.type} is registered twice`);
    }
    this.definitions.set(definition.type, definition);
    if (definition.dataSchema)
      this.validators.set(definition.type, this.ajv.compile(definition.dataSchema));
    return this;
  }

  has(type: string): boolean {
    return this.definitions.has(type);
  }

  get(type: string): EventTypeDefinition | undefined {
    return this.definitions.get(type);
  }

  /** The definition, or UnknownEventTypeError. */
  require(type: string): EventTypeDefinition {
    const definition = this.definitions.get(type);
    if (!definition) throw new UnknownEventTypeError(type);
    return definition;
  }

  types(): string[] {
    return [...this.definitions.keys()];
  }

  /** Throws InvalidEventDataError when a payload schema is registered and the payload fails it. */
  validateData(type: string, eventId: string, data: unknown): void {
    const validate = this.validators.get(type);
    if (validate && !validate(data))
      throw new InvalidEventDataError(type, eventId, formatAjvErrors(validate.errors));
  }
}
