// Counts the commands the platform sends to the MongoDB-wire server, per command and collection,
// with the documents each write carries: a TCP proxy in front of the server that reads the OP_MSG
// requests going through it (answers pass untouched). The wire server reports no operation
// counters (mongo-java-server's serverStatus has none), so this is how P8's analysis counts the
// read-model writes an imported row causes. Bench tool, not part of the platform.
//
//   node -r @swc-node/register bench/tools/mongo-command-count.ts <listen port> <server url> <out.json>
//   CRM_MONGO_URL=mongodb://127.0.0.1:<listen port>/crm npm run bench -- --only P8
//
// The counts are written to <out.json> every second (cumulative since the proxy started).
import { deserialize, type Document } from 'bson';
import { writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';

const OP_MSG = 2013;
/** The array of a write command that holds its documents (when not sent as a document sequence). */
const DOCUMENT_ARRAYS: Readonly<Record<string, string>> = {
  insert: 'documents',
  update: 'updates',
  delete: 'deletes',
};

interface Count {
  commands: number;
  documents: number;
}

const counts = new Map<string, Count>();

function record(command: string, collection: string, documents: number): void {
  const key = `${command} ${collection}`;
  const count = counts.get(key) ?? { commands: 0, documents: 0 };
  count.commands += 1;
  count.documents += documents;
  counts.set(key, count);
}

/** Reads one OP_MSG body: the command document (section 0) and the document sequences (1). */
function readOpMsg(body: Buffer): void {
  let at = 4; // flagBits
  let command: Document | undefined;
  let sequenced = 0;
  while (at < body.length) {
    const kind = body[at]!;
    at += 1;
    if (kind === 0) {
      const size = body.readInt32LE(at);
      command = deserialize(body.subarray(at, at + size));
      at += size;
    } else if (kind === 1) {
      const size = body.readInt32LE(at);
      const end = at + size;
      at += 4;
      at = body.indexOf(0, at) + 1; // identifier (cstring)
      while (at < end) {
        at += body.readInt32LE(at);
        sequenced += 1;
      }
    } else {
      return; // checksum or an unknown section
    }
  }
  if (!command) return;
  const name = Object.keys(command)[0] ?? '?';
  const target: unknown = command[name];
  const collection = typeof target === 'string' ? target : '';
  const array = DOCUMENT_ARRAYS[name];
  const inline = array && Array.isArray(command[array]) ? (command[array] as unknown[]).length : 0;
  record(name, collection, sequenced + inline);
}

/** Splits the client's bytes into messages and reads each OP_MSG. */
function watch(client: Socket): void {
  let buffered: Buffer = Buffer.alloc(0);
  client.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    while (buffered.length >= 16) {
      const length = buffered.readInt32LE(0);
      if (buffered.length < length) break;
      if (buffered.readInt32LE(12) === OP_MSG) readOpMsg(buffered.subarray(16, length));
      buffered = buffered.subarray(length);
    }
  });
}

function main(): void {
  const [port, serverUrl, out] = process.argv.slice(2);
  if (!port || !serverUrl || !out) {
    console.error('usage: mongo-command-count.ts <listen port> <server url> <out.json>');
    process.exit(2);
  }
  const server = new URL(serverUrl);
  createServer((client) => {
    const upstream = connect(Number(server.port || 27017), server.hostname);
    watch(client);
    client.pipe(upstream).pipe(client);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  }).listen(Number(port), '127.0.0.1');
  setInterval(() => {
    const sorted = [...counts].sort((a, b) => b[1].commands - a[1].commands);
    writeFileSync(out, JSON.stringify(Object.fromEntries(sorted), null, 1));
  }, 1000);
}

main();
