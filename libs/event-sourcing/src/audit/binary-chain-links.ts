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
import { JsonByteWriter } from '../postgres/json-byte-writer';
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
const CLOSE_BRACE = ascii('}');

/** Parses a page of `COPY (SELECT ${CHAIN_LINK_COLUMNS} …) TO STDOUT (FORMAT binary)`. */
export function chainLinksFromBinaryCopy(bytes: Buffer): HashedChainLink[] {
  const reader = new BinaryCopyReader(bytes);
  const input = new JsonByteWriter();
  const links: HashedChainLink[] = [];
  // Consecutive events mostly share their actor: its canonical text is kept for the same bytes.
  let lastActor: Buffer | undefined;
  let lastActorText = '';

  const quoted = (length: number): void => input.jsonString(reader, length);
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
    input.string(reader.timestampIso());
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
      contentHash: hash('sha256', input.view(), 'hex'),
    });
  }
  return links;
}
