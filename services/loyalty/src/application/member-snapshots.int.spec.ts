// Member snapshots (ADR 0223) on a real PostgreSQL event store and snapshot table: a command of a
// member with a long history reads only the events after its newest snapshot, decides exactly what
// a full replay decides, and a snapshot that cannot be used (another schema version) costs a
// replay, never a wrong decision.
import { Role, systemCaller } from '@crm/access-policy';
import { LOYALTY_EVENT_CONTRACTS } from '@crm/contracts/loyalty';
import {
  PostgresEventStore,
  PostgresSnapshotStore,
  createPostgresPool,
  migrateSnapshotSchema,
  systemRuntime,
  type EventStore,
  type ReadStreamOptions,
} from '@crm/event-sourcing';
import { storeEventTypes } from '@crm/contracts';
import {
  MEMBER_STATE_SCHEMA_VERSION,
  memberStreamId,
  type ProgramDefinition,
} from '@crm/loyalty-domain';
import { createThrowawayPostgresDatabase, type ThrowawayDatabase } from '@crm/testing';
import type { Pool } from 'pg';
import {
  DEFAULT_PROGRAM_CACHE_MS,
  LoyaltyApplication,
  type RequestMeta,
} from './loyalty.application';

const TENANT = 'tenant-snap';
const MEMBER = '0190a000-0000-7000-8000-00000000beef';
const PROGRAM: ProgramDefinition = {
  name: 'Club',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  autoEnrol: false,
  earnRules: [{ ruleId: 'spend', kind: 'amount', points: 1, perMinor: 100 }],
  tiers: [{ name: 'Bronze', qualifyingThreshold: 0, multiplierPercent: 100 }],
  promotions: [],
  lotLifetime: { kind: 'rolling_months', months: 12 },
  adjustmentApprovalThreshold: 1000,
};

const meta = (): RequestMeta => ({
  caller: systemCaller('snapshot-spec', TENANT, [Role.ADMIN]),
  tenantId: TENANT,
  correlationId: systemRuntime.newId(),
});

/** The real store, counting the member events its readers receive. */
function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const wrapped = Object.create(store) as EventStore;
  wrapped.readStream = async (streamId: string, options?: ReadStreamOptions) => {
    const result = await store.readStream(streamId, options);
    if (streamId === memberStreamId(MEMBER)) read += result.events.length;
    return result;
  };
  return { store: wrapped, read: () => read };
}

let database: ThrowawayDatabase;
let pool: Pool;
let store: EventStore;

beforeAll(async () => {
  database = await createThrowawayPostgresDatabase({ prefix: 'loyalty_snap' });
  pool = createPostgresPool({ connectionString: database.url, max: 4 });
  store = await PostgresEventStore.create({
    pool,
    eventTypes: storeEventTypes(LOYALTY_EVENT_CONTRACTS),
  });
  await migrateSnapshotSchema(pool);
}, 60_000);

afterAll(async () => {
  await store?.close();
  await pool?.end();
  await database?.drop();
}, 30_000);

const order = (i: number) => ({
  orderId: `o-${i}`,
  amountMinor: 1_000,
  currency: 'EUR',
  lines: [],
  placedAt: new Date().toISOString(),
});

it('a command reads only the events after the newest snapshot and decides as a full replay', async () => {
  const snapshots = new PostgresSnapshotStore(pool);
  const counted = counting(store);
  // Recent member states off (0): every command reads the member, here from its snapshot.
  const app = new LoyaltyApplication(
    counted.store,
    systemRuntime,
    3,
    { store: snapshots, everyNEvents: 10 },
    DEFAULT_PROGRAM_CACHE_MS,
    0,
  );
  await app.defineProgram(meta(), PROGRAM);
  await app.member(meta(), MEMBER, { type: 'EnrolMember', data: { source: 'manual' } });
  for (let i = 1; i <= 34; i++) await app.earn(meta(), MEMBER, order(i));
  await app.snapshotsWritten();

  const snapshot = await snapshots.load(memberStreamId(MEMBER), MEMBER_STATE_SCHEMA_VERSION);
  expect(snapshot?.streamVersion).toBe(30);

  const before = counted.read();
  await app.member(meta(), MEMBER, {
    type: 'ReservePoints',
    data: { reservationId: 'r-all', points: 34 * 10 },
  });
  // Snapshot at 30 + events 31..35: five events, not the 35 of the stream.
  expect(counted.read() - before).toBe(5);

  // Without snapshots the same history decides the same: every point is reserved, none is left.
  const replaying = new LoyaltyApplication(store, systemRuntime, 3);
  await expect(
    replaying.member(meta(), MEMBER, {
      type: 'ReservePoints',
      data: { reservationId: 'r-more', points: 1 },
    }),
  ).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  expect(await replaying.verify(meta(), MEMBER)).toMatchObject({
    violations: [],
    totals: { available: 0, reserved: 340, debt: 0 },
  });
}, 60_000);

it("decides a member's next command on the state its last one left: nothing read, as a full replay decides (ADR 0350)", async () => {
  const member = 'member-recent';
  const counted = counting(store);
  const app = new LoyaltyApplication(counted.store, systemRuntime, 3);
  await app.member(meta(), member, { type: 'EnrolMember', data: { source: 'manual' } });
  for (let i = 1; i <= 5; i++) await app.earn(meta(), member, order(100 + i));
  const before = counted.read();
  await app.member(meta(), member, {
    type: 'ReservePoints',
    data: { reservationId: 'r-recent', points: 50 },
  });
  expect(counted.read() - before).toBe(0);

  const replaying = new LoyaltyApplication(store, systemRuntime, 3, undefined, 0, 0);
  await expect(
    replaying.member(meta(), member, {
      type: 'ReservePoints',
      data: { reservationId: 'r-over', points: 1 },
    }),
  ).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  // A write through another instance is seen by this one's next command (the append's expected
  // version catches the stale state, and the command is decided again on the stream as read).
  await replaying.member(meta(), member, {
    type: 'ReleaseReservation',
    data: { reservationId: 'r-recent' },
  });
  await app.member(meta(), member, {
    type: 'ReservePoints',
    data: { reservationId: 'r-again', points: 50 },
  });
  expect(await replaying.verify(meta(), member)).toMatchObject({
    violations: [],
    totals: { available: 0, reserved: 50, debt: 0 },
  });
}, 60_000);

it('ignores a snapshot of another state schema version (a full replay, the same decision)', async () => {
  const snapshots = new PostgresSnapshotStore(pool);
  // A snapshot written by other code: a member with a fortune that the events never gave.
  await snapshots.save({
    streamId: memberStreamId(MEMBER),
    tenantId: TENANT,
    streamVersion: 36,
    stateSchemaVersion: 'loyalty-member-old',
    state: { status: 'enrolled', debt: 0, lots: [['forged', { points: 1e6 }]] },
    takenAt: new Date().toISOString(),
  });
  const counted = counting(store);
  const app = new LoyaltyApplication(counted.store, systemRuntime, 3, {
    store: snapshots,
    everyNEvents: 10,
  });
  const before = counted.read();
  await expect(
    app.member(meta(), MEMBER, {
      type: 'ReservePoints',
      data: { reservationId: 'r-forged', points: 1 },
    }),
  ).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  // The current version's snapshot (at 30) is used: 36 - 30 events read.
  expect(counted.read() - before).toBe(6);
}, 60_000);
