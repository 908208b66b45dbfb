// A growing byte buffer to write JSON text into from binary COPY fields (binary-copy.ts): strings
// are copied as bytes when JSON needs no escape in them, so most fields never become JavaScript
// strings. Verification writes each event's canonical hashed text into one (binary-chain-links).
import type { BinaryCopyReader } from './binary-copy';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NULL = Buffer.from('null', 'latin1');

/** What JSON.stringify would escape in UTF-8 text (valid UTF-8 holds no lone surrogate). */
function needsEscaping(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte < 0x20 || byte === QUOTE || byte === BACKSLASH) return true;
  }
  return false;
}

export class JsonByteWriter {
  private buffer: Buffer;
  length = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  reset(): void {
    this.length = 0;
  }

  /** The bytes written so far (a view: valid until the next write or reset). */
  view(): Buffer {
    return this.buffer.subarray(0, this.length);
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

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /**
   * The reader's current text field (of `length` bytes, -1 for NULL) as a JSON string, exactly as
   * JSON.stringify (and PostgreSQL's to_json) would write it, or null.
   */
  jsonString(reader: BinaryCopyReader, length: number): void {
    const { bytes, start } = reader;
    if (length < 0) this.constant(NULL);
    else if (needsEscaping(bytes, start, start + length))
      this.string(JSON.stringify(reader.text(length)));
    else {
      this.byte(QUOTE);
      this.bytes(bytes, start, start + length);
      this.byte(QUOTE);
    }
  }
}
