// Validation and sealing of new events, shared by every adapter so they refuse exactly the same
// input with exactly the same typed errors, before anything is written.
import type { Actor, NewEvent } from './envelope';
import { EVENT_TYPE_PATTERN, ISO_UTC_PATTERN, UUID_PATTERN } from './envelope';
import { validateActor } from './envelope.schema';
import {
  EventTooLargeError,
  InvalidEventError,
  UnknownEventTypeError,
} from './errors/event-store-errors';
import type { EventTypeRegistry } from './event-types/event-type-registry';
import { computeEventHash } from './integrity/event-hash';
import {
  DEFAULT_MAX_EVENT_BYTES,
  serialisePayload,
  utf8Length,
} from './serialisation/payload-serialiser';
import type { ParsedStreamId } from './stream-id';
import { parseStreamId } from './stream-id';

export interface AppendLimits {
  /** Maximum UTF-8 size of one event's serialised payload; defaults to 1 MiB. */
  readonly maxEventBytes?: number;
}

export interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly tenantId: string;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly data: unknown;
  /** The payload as stored (JSON text). */
  readonly dataJson: string;
}

export interface PreparedAppend {
  readonly stream: ParsedStreamId;
  readonly tenantId: string | undefined;
  readonly events: readonly PreparedEvent[];
}

export interface SealedEvent extends PreparedEvent {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly hash: string;
  readonly previousHash: string | null;
}

const MAX_ID_LENGTH = 200;

/** Validates a whole batch; throws the first problem as a typed error. Pure: no I/O. */
export function prepareAppend(
  streamId: string,
  events: readonly NewEvent[],
  eventTypes: EventTypeRegistry,
  limits: AppendLimits = {},
): PreparedAppend {
  const stream = parseStreamId(streamId);
  const untrusted: unknown = events; // callers outside TypeScript (gRPC payloads) may pass anything
  if (!Array.isArray(untrusted)) throw new InvalidEventError('append expects an array of events');
  const maxBytes = limits.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const seen = new Set<string>();
  let tenantId: string | undefined;
  const prepared = events.map((event, index) => {
    const e = prepareOne(event, index, eventTypes, maxBytes);
    if (seen.has(e.eventId))
      throw new InvalidEventError(`Event id ${e.eventId} appears twice in one append`, e.eventId);
    seen.add(e.eventId);
    if (tenantId !== undefined && tenantId !== e.tenantId) {
      throw new InvalidEventError(
        'All events of one append must belong to the same tenant',
        e.eventId,
      );
    }
    tenantId = e.tenantId;
    return e;
  });
  return { stream, tenantId, events: prepared };
}

function prepareOne(
  event: NewEvent,
  index: number,
  eventTypes: EventTypeRegistry,
  maxBytes: number,
): PreparedEvent {
  if (typeof event !== 'object' || event === null)
    throw new InvalidEventError(`Event #${index} is not an object`);
  const { eventId } = event;
  if (typeof eventId !== 'string' || !UUID_PATTERN.test(eventId)) {
    throw new InvalidEventError(
      `Event #${index} needs a UUID eventId, got ${JSON.stringify(eventId)}`,
    );
  }
  const id = eventId.toLowerCase();
  const problem = (message: string): never => {
    throw new InvalidEventError(`Event ${id}: ${message}`, id);
  };
  if (typeof event.type !== 'string' || !EVENT_TYPE_PATTERN.test(event.type)) {
    problem(`type ${JSON.stringify(event.type)} is not <context>.<PastTenseName>`);
  }
  const definition = eventTypes.get(event.type);
  if (!definition) throw new UnknownEventTypeError(event.type);
  const schemaVersion = event.schemaVersion ?? definition.schemaVersion;
  if (schemaVersion !== definition.schemaVersion) {
    problem(
      `${event.type} is written at schema version ${definition.schemaVersion}, not ${String(schemaVersion)}`,
    );
  }
  checkId(event.tenantId, 'tenantId', problem);
  checkId(event.correlationId, 'correlationId', problem);
  checkId(event.causationId, 'causationId', problem);
  if (
    typeof event.occurredAt !== 'string' ||
    !ISO_UTC_PATTERN.test(event.occurredAt) ||
    Number.isNaN(Date.parse(event.occurredAt)) ||
    new Date(event.occurredAt).toISOString() !== event.occurredAt
  ) {
    problem(
      `occurredAt ${JSON.stringify(event.occurredAt)} is not an ISO-8601 UTC time like 2025-01-31T12:00:00.000Z`,
    );
  }
  const actorProblems = validateActor(event.actor);
  if (actorProblems.length > 0) problem(`invalid actor: ${actorProblems.join('; ')}`);

  const dataJson = serialisePayload(event.data, id);
  const size = utf8Length(dataJson);
  if (size > maxBytes) throw new EventTooLargeError(id, size, maxBytes);
  eventTypes.validateData(event.type, id, event.data);
  return {
    eventId: id,
    type: event.type,
    schemaVersion,
    tenantId: event.tenantId,
    occurredAt: event.occurredAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    // Store and hash exactly what a reader will see: the JSON round trip drops undefined properties.
    data: JSON.parse(dataJson) as unknown,
    dataJson,
  };
}

function checkId(value: unknown, field: string, problem: (message: string) => never): void {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_ID_LENGTH ||
    value.includes('\u0000')
  ) {
    problem(`${field} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  }
}

/** Assigns stream versions and the hash chain, starting after `previousVersion` / `previousHash`. */
export function sealEvents(
  streamId: string,
  events: readonly PreparedEvent[],
  previousVersion: number,
  previousHash: string | null,
): SealedEvent[] {
  let prior = previousHash;
  return events.map((event, index) => {
    const streamVersion = previousVersion + index + 1;
    const hash = computeEventHash({ ...event, streamId, streamVersion, previousHash: prior });
    const sealed: SealedEvent = { ...event, streamId, streamVersion, hash, previousHash: prior };
    prior = hash;
    return sealed;
  });
}
