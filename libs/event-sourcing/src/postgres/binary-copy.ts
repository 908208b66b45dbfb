// Reading PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html,
// "Binary Format") in place: a cursor over the buffer that hands out each field's byte range, so a
// caller turns only the fields it needs into JavaScript values (no row object, no string per
// column). Used by the auditor's bulk reads, where decoding every row was most of the Node CPU.

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Microseconds between the Unix epoch and PostgreSQL's (2000-01-01). */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const YEAR_0 = -62_167_219_200_000;
const YEAR_10000 = 253_402_300_800_000;

export class BinaryCopyError extends Error {
  constructor(message: string) {
    super(`binary COPY data: ${message}`);
    this.name = 'BinaryCopyError';
  }
}

/**
 * A cursor over binary COPY data. `nextTuple()` moves to the next tuple and returns its field
 * count (undefined at the trailer); `field()` then moves over one field and returns its length
 * (-1 for NULL), its bytes being `bytes[start, start + length)`.
 */
export class BinaryCopyReader {
  /** Where the current field's bytes start. */
  start = 0;
  private offset: number;

  constructor(readonly bytes: Buffer) {
    if (bytes.length < SIGNATURE.length + 8 || !bytes.subarray(0, 11).equals(SIGNATURE))
      throw new BinaryCopyError('no PGCOPY signature');
    const extension = bytes.readUInt32BE(15);
    this.offset = 19 + extension;
  }

  nextTuple(): number | undefined {
    const count = this.bytes.readInt16BE(this.offset);
    this.offset += 2;
    return count === -1 ? undefined : count;
  }

  field(): number {
    const length = this.bytes.readInt32BE(this.offset);
    this.start = this.offset + 4;
    this.offset = this.start + Math.max(0, length);
    if (this.offset > this.bytes.length) throw new BinaryCopyError('a field runs past the end');
    return length;
  }

  /** The current field as a bigint column (int8) within the safe integer range. */
  int8(): number {
    const high = this.bytes.readInt32BE(this.start);
    const value = high * 0x1_0000_0000 + this.bytes.readUInt32BE(this.start + 4);
    if (!Number.isSafeInteger(value)) throw new BinaryCopyError(`int8 ${value} is not safe`);
    return value;
  }

  int4(): number {
    return this.bytes.readInt32BE(this.start);
  }

  text(length: number): string {
    return this.bytes.toString('utf8', this.start, this.start + length);
  }

  /** A uuid column as PostgreSQL prints it (lower case, dashed). */
  uuid(): string {
    const hex = this.bytes.toString('hex', this.start, this.start + 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** A timestamptz column as milliseconds since the Unix epoch (sub-millisecond digits dropped). */
  timestampMs(): number {
    const micros = this.int8();
    return POSTGRES_EPOCH_MS + Math.floor(micros / 1000);
  }

  /**
   * A timestamptz column as the store's JSON prints occurredAt (to_char …MS"Z"): toISOString for
   * years 0000–9999, the only ones an envelope can carry; anything else (only a tampered row) as
   * its number of milliseconds, which no envelope's text matches.
   */
  timestampIso(): string {
    const ms = this.timestampMs();
    return ms < YEAR_0 || ms >= YEAR_10000 ? String(ms) : new Date(ms).toISOString();
  }

  /**
   * A jsonb column: where its JSON text starts (after jsonb's one-byte format version); it ends
   * where the field does.
   */
  jsonbStart(): number {
    if (this.bytes[this.start] !== 1)
      throw new BinaryCopyError(`jsonb format version ${this.bytes[this.start]}`);
    return this.start + 1;
  }
}
