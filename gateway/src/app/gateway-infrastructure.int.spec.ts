// The gateway started before MongoDB: it must keep retrying its first MongoDB connection (mongoose
// alone gives up after one server-selection timeout) so that readiness turns "up" by itself once
// MongoDB answers, and stays "down" until then. MongoDB here is the real server behind a TCP proxy
// that starts listening only after the gateway's first attempt has timed out.
import { createServer, connect, type Socket } from 'node:net';
import pino from 'pino';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  testInfrastructure,
  throwawayConsumerGroupId,
  throwawayKafkaTopicName,
  type ThrowawayDatabase,
} from '@crm/testing';
import { testConfig } from '../../test/support/in-memory-infrastructure';
import { connectInfrastructure, type ConnectedInfrastructure } from './gateway-infrastructure';

jest.setTimeout(60_000);

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Forwards every connection on `port` to `target` (the real MongoDB-wire server). */
async function startProxy(
  port: number,
  target: { host: string; port: number },
): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let pg: ThrowawayDatabase;
let mongoDb: ThrowawayDatabase;
let proxy: { close(): Promise<void> } | undefined;
let connected: ConnectedInfrastructure | undefined;

beforeAll(async () => {
  pg = await createThrowawayPostgresDatabase({ prefix: 'gw-mongo-late' });
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'gw-mongo-late' });
});

afterAll(async () => {
  await connected?.close();
  await proxy?.close();
  await mongoDb?.drop();
  await pg?.drop();
});

it('keeps retrying a MongoDB that is not up at start, and reports ready once it answers', async () => {
  const infra = await testInfrastructure();
  const real = new URL(mongoDb.url);
  const port = await freePort();
  const late = new URL(mongoDb.url);
  late.host = `127.0.0.1:${port}`;
  const config = testConfig({
    CRM_POSTGRES_URL: pg.url,
    CRM_MONGO_URL: late.toString(),
    CRM_KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    CRM_GATEWAY_KAFKA_GROUP: throwawayConsumerGroupId('gw-mongo-late'),
    CRM_CUSTOMERS_EVENTS_TOPIC: throwawayKafkaTopicName('gw-mongo-late'),
  });
  connected = await connectInfrastructure(config, pino({ level: 'silent' }));
  const mongoReady = connected.infra.readinessChecks['mongo']!;

  // Longer than one server-selection timeout (5 s): a gateway that tried only once has given up.
  const notUpUntil = Date.now() + 6_500;
  while (Date.now() < notUpUntil) {
    await expect(mongoReady()).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  proxy = await startProxy(port, { host: real.hostname, port: Number(real.port) });
  await eventually(() => expect(mongoReady()).resolves.toBeUndefined(), { timeoutMs: 20_000 });
});
