// JSON Lines as PostgreSQL's COPY sends them (postgres/copy-out.ts): one JSON text per line, each
// ended by a newline. JSON text never holds a raw newline, so the lines become one JSON array and
// are parsed in one call instead of one per line.
export function parseJsonLines<T>(bytes: Uint8Array): T[] {
  if (bytes.length === 0) return [];
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length - 1).toString('utf8');
  return JSON.parse(`[${text.replaceAll('\n', ',')}]`) as T[];
}
