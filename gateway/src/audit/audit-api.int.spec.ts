// The auditor GraphQL API over a real PostgreSQL event store: tenant-scoped reads, state as of T,
// integrity verification with signed checkpoints, and every query recorded as an event.
import { createThrowawayPostgresDatabase, eventually } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import {
  PostgresEventStore,
  checkpointSignerFromPem,
  checkpointVerifierFromPems,
  countUnsealableEvents,
  generateCheckpointKeyPair,
  migrateAuditSchema,
  sealCheckpoints,
  type NewEvent,
} from '@crm/event-sourcing';
import { CUSTOMERS_EVENT_CONTRACTS } from '@crm/contracts/customers';
import { v7 as uuidv7 } from 'uuid';
import {
  OTHER_TENANT,
  TENANT,
  USERS,
  startTestGateway,
  type TestGateway,
} from '../../test/support/test-gateway';
import { AUDITOR_QUERY_RAN, AuditTrail, auditorQueriesStreamId } from './audit-trail';

const T1 = '2026-03-01T09:00:00.000Z';
const T2 = '2026-03-05T09:00:00.000Z';

function event(
  tenantId: string,
  type: string,
  occurredAt: string,
  data: Record<string, unknown>,
): NewEvent {
  return {
    eventId: uuidv7(),
    type,
    tenantId,
    occurredAt,
    actor: { kind: 'system', name: 'importer' },
    correlationId: 'corr',
    causationId: 'cause',
    data,
  };
}

interface Edge {
  cursor: string;
  node: { globalPosition: number; streamId: string; type: string; dataJson: string };
}

describe('auditor GraphQL API (PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let writer: PostgresEventStore;
  let reader: PostgresEventStore;
  let gw: TestGateway;
  const keys = generateCheckpointKeyPair();
  const ada = uuidv7();
  const adaStream = `customers.Customer-${ada}`;
  const globexStream = `customers.Customer-${uuidv7()}`;

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'gw_audit' });
    writer = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: CUSTOMERS_EVENT_CONTRACTS.map(({ type, schemaVersion }) => ({
        type,
        schemaVersion,
      })),
    });
    await migrateAuditSchema(writer.pool);
    await writer.append(adaStream, [
      event(TENANT, 'customers.CustomerRegistered', T1, {
        customerId: ada,
        kind: 'person',
        person: { firstName: 'Ada', lastName: 'Lovelace' },
        status: 'prospect',
      }),
    ]);
    await writer.append(globexStream, [
      event(OTHER_TENANT, 'customers.CustomerRegistered', T1, {
        customerId: globexStream.slice(-36),
        kind: 'company',
        company: { legalName: 'Globex' },
        status: 'prospect',
      }),
    ]);
    await writer.append(adaStream, [
      event(TENANT, 'customers.CustomerTagged', T2, { customerId: ada, tags: ['vip'] }),
    ]);
    await eventually(async () => (await countUnsealableEvents(writer.pool)) === 0);
    await sealCheckpoints(writer.pool, checkpointSignerFromPem(keys.privateKeyPem));
    reader = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: [{ type: AUDITOR_QUERY_RAN, schemaVersion: 1 }],
      migrate: false,
    });
    gw = await startTestGateway(
      {},
      {
        auditTrail: new AuditTrail({
          store: reader,
          pool: reader.pool,
          verifier: checkpointVerifierFromPems([keys.publicKeyPem]),
        }),
      },
    );
  });
  afterAll(async () => {
    await gw?.close();
    await reader?.close();
    await writer?.close();
    await database?.drop();
  });

  const EVENTS = `query($filter: AuditEventsFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      edges { cursor node { globalPosition streamId type dataJson } }
      pageInfo { hasNextPage endCursor }
    } }`;

  it('pages through the tenant’s events only, in global order, with filters', async () => {
    const auditor = gw.as('auditor');
    const first = await auditor.data<{
      auditEvents: { edges: Edge[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    }>(EVENTS, { filter: { contexts: ['customers'] }, first: 1 });
    expect(first.auditEvents.edges.map((e) => e.node.type)).toEqual([
      'customers.CustomerRegistered',
    ]);
    expect(first.auditEvents.pageInfo.hasNextPage).toBe(true);
    const second = await auditor.data<{
      auditEvents: { edges: Edge[]; pageInfo: { hasNextPage: boolean } };
    }>(EVENTS, {
      filter: { contexts: ['customers'] },
      first: 5,
      after: first.auditEvents.pageInfo.endCursor,
    });
    expect(second.auditEvents.edges.map((e) => e.node.type)).toEqual(['customers.CustomerTagged']);
    expect(second.auditEvents.pageInfo.hasNextPage).toBe(false);
    const all = [...first.auditEvents.edges, ...second.auditEvents.edges];
    expect(all.every((e) => e.node.streamId === adaStream)).toBe(true);

    const otherTenant = await gw
      .as('auditor', OTHER_TENANT)
      .data<{ auditEvents: { edges: Edge[] } }>(EVENTS, {
        filter: { types: ['customers.CustomerRegistered'] },
      });
    expect(otherTenant.auditEvents.edges.map((e) => e.node.streamId)).toEqual([globexStream]);

    const bad = await auditor.request(EVENTS, { after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers the state of an aggregate as of an instant, and hides other tenants’ streams', async () => {
    const query = `query($s: String!, $at: String!) { aggregateAsOf(streamId: $s, asOf: $at) {
      version stateKnown stateJson events { type } } }`;
    const asOfT1 = await gw.as('auditor').data<{
      aggregateAsOf: {
        version: number;
        stateKnown: boolean;
        stateJson: string;
        events: { type: string }[];
      };
    }>(query, { s: adaStream, at: '2026-03-02T00:00:00Z' });
    expect(asOfT1.aggregateAsOf.version).toBe(1);
    expect(asOfT1.aggregateAsOf.stateKnown).toBe(true);
    expect(asOfT1.aggregateAsOf.stateJson).not.toContain('vip');
    expect(asOfT1.aggregateAsOf.events.map((e) => e.type)).toEqual([
      'customers.CustomerRegistered',
    ]);
    const now = await gw
      .as('auditor')
      .data<{ aggregateAsOf: { version: number; stateJson: string } }>(query, {
        s: adaStream,
        at: T2,
      });
    expect(now.aggregateAsOf.version).toBe(2);
    expect(now.aggregateAsOf.stateJson).toContain('vip');

    const foreign = await gw.as('auditor').request(query, { s: globexStream, at: T2 });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('verifies integrity and names findings only in the caller’s tenant', async () => {
    const query = `query($r: IntegrityRangeInput!) { verifyIntegrity(range: $r) {
      ok checkedEvents sealedEvents findings { kind globalPosition streamId message } } }`;
    const clean = await gw
      .as('auditor')
      .data<{ verifyIntegrity: { ok: boolean; sealedEvents: number } }>(query, {
        r: { fromPosition: 1, toPosition: 3 },
      });
    expect(clean.verifyIntegrity).toMatchObject({ ok: true, sealedEvents: 3 });

    const client = await writer.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE event_store.events DISABLE TRIGGER USER');
      await client.query(
        `UPDATE event_store.events SET data = jsonb_set(data, '{status}', '"active"') WHERE stream_id = ANY($1::text[]) AND stream_version = 1`,
        [[adaStream, globexStream]],
      );
      await client.query('ALTER TABLE event_store.events ENABLE TRIGGER USER');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const tampered = await gw.as('auditor').data<{
      verifyIntegrity: {
        ok: boolean;
        findings: { kind: string; globalPosition: number; streamId: string | null }[];
      };
    }>(query, { r: { fromPosition: 1, toPosition: 3 } });
    expect(tampered.verifyIntegrity.ok).toBe(false);
    expect(tampered.verifyIntegrity.findings).toEqual([
      {
        kind: 'hash_mismatch',
        globalPosition: 1,
        streamId: adaStream,
        message: expect.any(String),
      },
      {
        kind: 'hash_mismatch',
        globalPosition: 2,
        streamId: null,
        message: expect.stringMatching(/not .*in your tenant/),
      },
    ]);
  });

  it('records every auditor query as an event with the auditor as actor', async () => {
    const { events } = await reader.readStream(auditorQueriesStreamId(TENANT));
    expect(events.length).toBeGreaterThanOrEqual(6);
    expect(new Set(events.map((e) => (e.data as { query: string }).query))).toEqual(
      new Set(['auditEvents', 'aggregateAsOf', 'verifyIntegrity']),
    );
    expect(events.every((e) => e.type === AUDITOR_QUERY_RAN)).toBe(true);
    expect(events[0]!.actor).toEqual({
      kind: 'user',
      userId: USERS.auditor.userId,
      roles: ['auditor'],
    });
    const admin = await gw.as('admin').request(`{ auditEvents { edges { cursor } } }`);
    expect(admin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
