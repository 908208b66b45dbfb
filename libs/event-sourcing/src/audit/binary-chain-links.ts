// Chain links straight from the store's rows in binary COPY form (ADR 0435): each event's canonical
// hashed text (what computeEventHash hashes) is written into one reused buffer from the row's
// bytes and hashed from there, without an envelope object per event. Only the payload and the
// actor are parsed (their keys must be re-sorted: jsonb orders keys by length, canonical JSON by
// code unit); strings are copied as bytes when they need no escaping, numbers, uuids and
// timestamps are read from their binary form. PostgreSQL only sends columns (no JSON to build but
// jsonb's own text), which halves its share of verification too.
import { hash } from 'node:crypto';
import type { HashedChainLink } from '../integrity/event-hash';
import { BinaryCopyError, BinaryCopyReader } from '../postgres/binary-copy';
import { canonicalJson } from '../serialisation/canonical-json';

/**
 * The columns chainLinksFromBinaryCopy reads, in this order: the hashed fields in canonical key
 * order (actor … type), then the position and the stored hash.
 */
export const CHAIN_LINK_COLUMNS = `e.actor, e.causation_id, e.correlation_id, e.data, e.event_id,
  e.occurred_at, e.previous_hash, e.schema_version, e.stream_id, e.stream_version, e.tenant_id,
  e.type, e.global_position, e.hash`;
const FIELD_COUNT = 14;

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const KEY = {
  actor: ascii('{"actor":'),
  causationId: ascii(',"causationId":'),
  correlationId: ascii(',"correlationId":'),
  data: ascii(',"data":'),
  eventId: ascii(',"eventId":"'),
  occurredAt: ascii('","occurredAt":"'),
  previousHash: ascii('","previousHash":'),
  schemaVersion: ascii(',"schemaVersion":'),
  streamId: ascii(',"streamId":'),
  streamVersion: ascii(',"streamVersion":'),
  tenantId: ascii(',"tenantId":'),
  type: ascii(',"type":'),
};
const NULL = ascii('null');
const QUOTE_BYTE = ascii('"');
const CLOSE_BRACE = ascii('}');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The canonical text of one event, built in a buffer reused from event to event. */
class HashInput {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  reset(): void {
    this.length = 0;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(larger, 0, 0, this.length);
    this.buffer = larger;
  }

  bytes(source: Buffer, start: number, end: number): void {
    this.reserve(end - start);
    source.copy(this.buffer, this.length, start, end); // no view object, unlike set(subarray)
    this.length += end - start;
  }

  constant(segment: Buffer): void {
    this.bytes(segment, 0, segment.length);
  }

  string(text: string): void {
    this.reserve(text.length * 3); // UTF-8 needs at most 3 bytes per UTF-16 code unit
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  sha256Hex(): string {
    return hash('sha256', this.buffer.subarray(0, this.length), 'hex');
  }
}

/** What JSON.stringify would escape in a UTF-8 string (valid UTF-8 holds no lone surrogate). */
function needsEscaping(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte < 0x20 || byte === QUOTE || byte === BACKSLASH) return true;
  }
  return false;
}

/** Parses a page of `COPY (SELECT ${CHAIN_LINK_COLUMNS} …) TO STDOUT (FORMAT binary)`. */
export function chainLinksFromBinaryCopy(bytes: Buffer): HashedChainLink[] {
  const reader = new BinaryCopyReader(bytes);
  const input = new HashInput();
  const links: HashedChainLink[] = [];
  // Consecutive events mostly share their actor: its canonical text is kept for the same bytes.
  let lastActor: Buffer | undefined;
  let lastActorText = '';

  /** A text column as a canonical JSON string (or null), copied as bytes where it can be. */
  const quoted = (length: number): void => {
    const { start } = reader;
    if (length < 0) input.constant(NULL);
    else if (needsEscaping(bytes, start, start + length))
      input.string(JSON.stringify(reader.text(length)));
    else {
      input.constant(QUOTE_BYTE);
      input.bytes(bytes, start, start + length);
      input.constant(QUOTE_BYTE);
    }
  };
  const json = (length: number): string => {
    if (length < 0) return 'null';
    const start = reader.jsonbStart();
    return canonicalJson(JSON.parse(bytes.toString('utf8', start, reader.start + length)));
  };

  for (let fields = reader.nextTuple(); fields !== undefined; fields = reader.nextTuple()) {
    if (fields !== FIELD_COUNT)
      throw new BinaryCopyError(`a row of ${fields} columns, expected ${FIELD_COUNT}`);
    input.reset();

    input.constant(KEY.actor);
    const actorLength = reader.field();
    const actorEnd = reader.start + actorLength;
    if (
      actorLength < 0 ||
      !lastActor ||
      bytes.compare(lastActor, 0, lastActor.length, reader.start, actorEnd) !== 0
    ) {
      lastActorText = json(actorLength);
      lastActor = actorLength < 0 ? undefined : Buffer.from(bytes.subarray(reader.start, actorEnd));
    }
    input.string(lastActorText);
    input.constant(KEY.causationId);
    quoted(reader.field());
    input.constant(KEY.correlationId);
    quoted(reader.field());
    input.constant(KEY.data);
    input.string(json(reader.field()));

    input.constant(KEY.eventId);
    reader.field();
    const eventId = reader.uuid();
    input.string(eventId);
    input.constant(KEY.occurredAt);
    reader.field();
    input.string(isoTimestamp(reader.timestampMs()));
    input.constant(KEY.previousHash);
    const previousHashLength = reader.field();
    const previousHash = previousHashLength < 0 ? null : reader.text(previousHashLength);
    quoted(previousHashLength);
    input.constant(KEY.schemaVersion);
    reader.field();
    input.string(String(reader.int4()));
    input.constant(KEY.streamId);
    const streamIdLength = reader.field();
    const streamId = reader.text(streamIdLength);
    quoted(streamIdLength);
    input.constant(KEY.streamVersion);
    reader.field();
    const streamVersion = reader.int8();
    input.string(String(streamVersion));
    input.constant(KEY.tenantId);
    quoted(reader.field());
    input.constant(KEY.type);
    quoted(reader.field());
    input.constant(CLOSE_BRACE);

    reader.field();
    const globalPosition = reader.int8();
    const hashLength = reader.field();
    links.push({
      globalPosition,
      streamId,
      streamVersion,
      eventId,
      hash: reader.text(hashLength),
      previousHash,
      contentHash: input.sha256Hex(),
    });
  }
  return links;
}

const YEAR_0 = -62_167_219_200_000;
const YEAR_10000 = 253_402_300_800_000;

/**
 * As the JSON form of the store prints occurredAt (to_char …MS"Z"): toISOString for years
 * 0000–9999, the only ones an envelope can carry; anything else (only a tampered row) is printed
 * as its number of milliseconds, which cannot match the hash.
 */
function isoTimestamp(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) || ms < YEAR_0 || ms >= YEAR_10000
    ? String(ms)
    : date.toISOString();
}
