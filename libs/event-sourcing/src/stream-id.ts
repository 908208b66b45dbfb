// Stream ids have the shape `<context>.<Aggregate>-<id>` (e.g. `customers.Customer-0190…`).
// The category (`<context>.<Aggregate>`) is what subscriptions filter on, so it must be parseable.
import { InvalidStreamIdError } from './errors/event-store-errors';

export interface ParsedStreamId {
  readonly streamId: string;
  /** kebab-case bounded context, e.g. `service-desk`. */
  readonly context: string;
  /** PascalCase aggregate name, e.g. `Ticket`. */
  readonly aggregate: string;
  /** `<context>.<Aggregate>`, e.g. `service-desk.Ticket`. */
  readonly category: string;
  /** Everything after the first `-` that follows the aggregate; may itself contain `-` (UUIDs). */
  readonly id: string;
}

export const MAX_STREAM_ID_LENGTH = 200;

// The id part allows the characters of UUIDs, ULIDs and composite keys but no whitespace or `/`.
const STREAM_ID_PATTERN =
  /^([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.([A-Z][A-Za-z0-9]*)-([A-Za-z0-9][A-Za-z0-9_.:@+=-]*)$/;

export function tryParseStreamId(streamId: string): ParsedStreamId | undefined {
  if (typeof streamId !== 'string' || streamId.length > MAX_STREAM_ID_LENGTH) return undefined;
  const match = STREAM_ID_PATTERN.exec(streamId);
  if (!match) return undefined;
  const [, context, aggregate, id] = match as unknown as [string, string, string, string];
  return { streamId, context, aggregate, category: `${context}.${aggregate}`, id };
}

export function parseStreamId(streamId: string): ParsedStreamId {
  const parsed = tryParseStreamId(streamId);
  if (!parsed) throw new InvalidStreamIdError(streamId);
  return parsed;
}

export function assertValidStreamId(streamId: string): asserts streamId is string {
  parseStreamId(streamId);
}

export function isValidStreamId(streamId: string): boolean {
  return tryParseStreamId(streamId) !== undefined;
}

/** Builds `<context>.<Aggregate>-<id>` and validates it. */
export function streamIdFor(context: string, aggregate: string, id: string): string {
  const streamId = `${context}.${aggregate}-${id}`;
  assertValidStreamId(streamId);
  return streamId;
}
