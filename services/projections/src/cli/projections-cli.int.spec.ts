// The operator CLI against the real servers: rebuild with progress, status with lag, parked
// events and retry, and clear usage errors.
import { PassThrough } from 'node:stream';
import type { PostgresEventStore } from '@crm/event-sourcing';
import { silentLogger } from '@crm/messaging';
import {
  appendCounterLoad,
  counterIncremented,
  counterStreamId,
  createSampleEventStore,
  readWholeLog,
} from '@crm/messaging/testing';
import { defineProjection } from '@crm/read-models';
import type { ProjectionDefinition } from '@crm/read-models';
import { counterTotalsProjection } from '@crm/read-models/testing';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  testInfrastructure,
} from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { runProjectionsCli } from './projections-cli';

jest.setTimeout(60_000);

describe('projections CLI', () => {
  let pg: ThrowawayDatabase;
  let mongoDb: ThrowawayDatabase;
  let store: PostgresEventStore;
  let env: Record<string, string>;
  const behaviour = { poisonAmount: 999 as number | undefined };
  const base = counterTotalsProjection({ source: 'store', onPoison: 'halt' });
  const projection: ProjectionDefinition = defineProjection({
    ...base,
    project: (event) => {
      if ((event.data as { by: number }).by === behaviour.poisonAmount)
        throw new Error('cannot apply 999');
      return base.project(event);
    },
  });

  beforeAll(async () => {
    const infra = await testInfrastructure();
    pg = await createThrowawayPostgresDatabase({ prefix: 'cli' });
    mongoDb = await createThrowawayMongoDatabase({ prefix: 'cli' });
    store = await createSampleEventStore(pg.url);
    await appendCounterLoad(store, { streams: 10, eventsPerStream: 30 });
    await readWholeLog(store); // readable (gap-free horizon) before the CLI rebuilds
    env = {
      CRM_POSTGRES_URL: pg.url,
      CRM_MONGO_URL: mongoDb.url,
      CRM_KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      // Required by the workers' configuration (customer projections decrypt personal fields).
      CRM_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
    };
  });

  afterAll(async () => {
    await store?.close();
    await mongoDb?.drop();
    if (pg) await pg.drop();
  });

  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await runProjectionsCli(argv, {
      catalogue: [projection],
      env,
      stdout,
      stderr,
      logger: silentLogger,
    });
    return { code, out, err };
  }

  it('rebuilds with a progress bar, then reports the serving target and its lag', async () => {
    const rebuilt = await cli('rebuild', 'counter-totals');
    expect(rebuilt).toMatchObject({ code: 0 });
    expect(rebuilt.out).toMatch(
      /rebuilt counter-totals v1 into counter-totals\.v1\.\S+ up to position 300 in [\d.]+s; now serving \(was nothing\)/,
    );
    expect(rebuilt.err).toMatch(
      /counter-totals \|.*\| 100% \| position 300\/300 \| \d+ events\/s \| ETA/,
    );

    const status = await cli('status');
    expect(status.code).toBe(0);
    expect(status.out).toMatch(
      /counter-totals v1 \(store, on poison: halt\)\s+serving: counter-totals\.v1\.\S+\s+store head: 300\s+parked: 0/,
    );
    expect(status.out).toMatch(
      /\* counter-totals\.v1\.\S+\s+active\s+checkpoint 300\s+store lag 0/,
    );
    const json = JSON.parse((await cli('status', '--json')).out) as {
      projection: string;
      targets: { serving: boolean; storeLag: number }[];
    }[];
    expect(json[0]).toMatchObject({
      projection: 'counter-totals',
      targets: [{ serving: true, storeLag: 0 }],
    });
  });

  it('shows a halted rebuild, its parked event, and retries it on demand', async () => {
    await store.append(counterStreamId('c-3'), [counterIncremented('c-3', 999)], {
      expectedVersion: 30,
    });
    await readWholeLog(store);
    const halted = await cli('rebuild', 'counter-totals', '--fresh');
    expect(halted.code).toBe(3);
    expect(halted.err).toMatch(
      /Projection counter-totals halted at event \S+ \(sample\.CounterIncremented, global position 301\): Error: cannot apply 999\. Fix the cause, then: cli retry \S+/,
    );

    const parked = await cli('parked');
    expect(parked.out).toMatch(/parked \(halt\), 1 attempt\(s\)/);
    expect(parked.out).toMatch(
      /sample\.CounterIncremented sample\.Counter-c-3 v31 at global position 301 via store/,
    );
    const id = parked.out.split('\n')[0]!;

    expect(await cli('retry', id)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/still failing \(attempt 2\)/) as unknown,
    });
    behaviour.poisonAmount = undefined; // the fix is deployed
    expect(await cli('retry', id)).toMatchObject({ code: 0, out: `${id}: applied, resolved\n` });
    expect((await cli('parked')).out).toBe('no unresolved parked events\n');
    expect((await cli('parked', '--all')).out).toMatch(/resolved \(halt\), 2 attempt\(s\)/);

    // The halted rebuild resumes where it stopped and switches.
    const resumed = await cli('rebuild', 'counter-totals');
    expect(resumed.code).toBe(0);
    expect(resumed.out).toMatch(
      /up to position 301 .* now serving \(was counter-totals\.v1\.\S+\)/,
    );
  });

  it('answers usage mistakes with a clear message and exit code 2', async () => {
    expect(await cli()).toMatchObject({
      code: 2,
      err: expect.stringContaining('usage: cli <command>') as unknown,
    });
    expect(await cli('frobnicate')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown command "frobnicate"') as unknown,
    });
    expect(await cli('rebuild', 'nope')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown projection "nope" (known: counter-totals)') as unknown,
    });
    expect(await cli('retry')).toMatchObject({ code: 2 });
    expect(await cli('retry', 'no-such-id')).toMatchObject({
      code: 1,
      err: expect.stringContaining('No parked event "no-such-id"') as unknown,
    });
  });
});
