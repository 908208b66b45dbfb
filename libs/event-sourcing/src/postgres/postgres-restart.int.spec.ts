// A PostgreSQL restart in the middle of appends loses no acknowledged event and duplicates none.
// Writers retry failed appends with the SAME event ids, which is safe because re-appending stored
// ids is a no-op: an append whose commit happened but whose answer was lost is answered on retry.
//
// The restart uses infra/local/crm-infra on a PRIVATE cluster (own data folder and port), so the
// shared server that other test files use at the same time is never stopped under them.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import type { EventEnvelope, NewEvent } from '../envelope';
import { EventStoreError } from '../errors/event-store-errors';
import type { ExpectedVersion } from '../event-store';
import { PostgresEventStore } from './postgres-event-store';
import { freePort } from '@crm/testing';

const run = promisify(execFile);
const CRM_INFRA = resolve(__dirname, '../../../../infra/local/crm-infra');
const TYPE = 'sales.OrderLinePlaced';

describe('appends across a PostgreSQL restart', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let url: string;
  let store: PostgresEventStore | undefined;

  const infra = async (...args: string[]): Promise<void> => {
    try {
      await run(CRM_INFRA, args, { env, timeout: 120_000 });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`crm-infra ${args.join(' ')} failed:\n${stdout}\n${stderr}`, {
        cause: error,
      });
    }
  };

  beforeAll(async () => {
    // /var/tmp: the `postgres` OS user must be able to enter the folder (not under /root).
    dataDir = mkdtempSync('/var/tmp/crm-es-restart-');
    const port = await freePort();
    env = {
      ...process.env,
      CRM_DATA_DIR: dataDir,
      CRM_PG_PORT: String(port),
      CRM_PG_EXTRA_DATABASES: '',
    };
    delete env.CRM_POSTGRES_URL; // derive it from the private port
    url = `postgres://crm:crm@127.0.0.1:${port}/crm`;
    await infra('up', 'postgres');
  }, 180_000);

  afterAll(async () => {
    await store?.close();
    await infra('down', 'postgres').catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    // The cluster may live under /var/tmp/crm-infra-<hash> when it was relocated; reset removes it.
    await run(CRM_INFRA, ['reset', 'postgres'], { env }).catch(() => undefined);
  }, 120_000);

  it('keeps every acknowledged event exactly once', async () => {
    store = await PostgresEventStore.create({
      connectionString: url,
      eventTypes: [{ type: TYPE, schemaVersion: 1 }],
      poolConfig: { max: 6, connectionTimeoutMillis: 2000 },
      pollIntervalMs: 100,
    });
    const s = store;
    const streams = Array.from({ length: 4 }, () => `sales.Order-${uuidv7()}`);
    const versions = new Map(streams.map((id) => [id, 0]));
    const acknowledged: EventEnvelope[] = [];
    let retries = 0;
    let replays = 0;

    const delivered: EventEnvelope[] = [];
    const subscription = s.subscribeToAll((events) => void delivered.push(...events), {
      pollIntervalMs: 100,
    });

    /** Retries the same batch (same ids, same expectation) until the store answers. */
    const appendDurably = async (
      streamId: string,
      batch: NewEvent[],
      expectedVersion: ExpectedVersion,
    ): Promise<void> => {
      const deadline = Date.now() + 90_000;
      for (;;) {
        try {
          const result = await s.append(streamId, batch, { expectedVersion });
          if (result.replayed) replays += 1;
          acknowledged.push(...result.events);
          versions.set(streamId, result.nextExpectedVersion);
          return;
        } catch (error) {
          if (!(error instanceof EventStoreError && error.retriable) || Date.now() > deadline)
            throw error;
          retries += 1;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };

    let restarted = false;
    const writer = async (streamId: string): Promise<void> => {
      let afterRestart = 0;
      for (let i = 0; afterRestart < 15; i++) {
        const batch = Array.from({ length: 1 + (i % 3) }, (_, k) => ({
          eventId: uuidv7(),
          type: TYPE,
          tenantId: 'tenant-r',
          occurredAt: new Date().toISOString(),
          actor: { kind: 'system' as const, name: 'restart-test' },
          correlationId: `c-${i}`,
          causationId: `c-${i}`,
          data: { line: i, k },
        }));
        // Exact expected versions: a retry of a committed append must still be recognised.
        await appendDurably(streamId, batch, versions.get(streamId) || 'no_stream');
        if (restarted) afterRestart += 1;
      }
    };

    const writers = Promise.all(streams.map(writer));
    // Restart while the writers are busy.
    await new Promise((r) => setTimeout(r, 300));
    await infra('down', 'postgres');
    await new Promise((r) => setTimeout(r, 500));
    await infra('up', 'postgres');
    restarted = true;
    await writers;

    // The restart really interrupted writes.
    expect(retries).toBeGreaterThan(0);

    // Every acknowledged event is stored once; nothing unacknowledged slipped in.
    const ackIds = acknowledged.map((e) => e.eventId);
    expect(new Set(ackIds).size).toBe(ackIds.length);
    const stored: EventEnvelope[] = [];
    for (const streamId of streams) {
      const { events } = await s.readStream(streamId);
      expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1));
      stored.push(...events);
      await expect(s.verifyStream(streamId)).resolves.toMatchObject({ ok: true });
    }
    expect(new Set(stored.map((e) => e.eventId))).toEqual(new Set(ackIds));
    expect(stored).toHaveLength(ackIds.length);

    // The subscription rode through the restart and delivered each event once, in order.
    const deadline = Date.now() + 20_000;
    while (delivered.length < stored.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await subscription.stop();
    expect(delivered.map((e) => e.eventId).sort()).toEqual([...ackIds].sort());
    const positions = delivered.map((e) => e.globalPosition);
    positions.slice(1).forEach((p, i) => expect(p).toBeGreaterThan(positions[i]!));
    // Informative: how often a retry found its append already committed.
    console.info(
      `restart test: ${acknowledged.length} events, ${retries} retried attempts, ${replays} replayed appends`,
    );
  }, 240_000);
});
