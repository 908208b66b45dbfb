// The identity lookup index: which customers of a tenant hold a given normalised email, phone,
// national id or channel external id. Values are stored only as HMAC-SHA-256 under a key derived
// from the master key, rows of erased and merged customers are removed, and the whole table is
// rebuildable from the event log (see IdentityIndexWorker). Used by FindDuplicateCandidates,
// RegisterCustomer's duplicate hint and the import's dedupe.
import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import {
  PersonalDataCipher,
  PersonalDataEventStore,
  narrowPersonalDataPolicy,
  type DataKeyProvider,
  type EventEnvelope,
  type EventStore,
  type MasterKey,
} from '@crm/event-sourcing';
import { customersPersonalDataPolicy } from '@crm/customers-read-models';
import {
  CUSTOMER_CATEGORY,
  customerIdFromStreamId,
  externalIdentity,
  hasRegistrationFacts,
  registrationFacts,
  type CustomerEvent,
  type CustomerIdentity,
  type IdentityKind,
} from '@crm/customers-domain';
import type { Pool, PoolClient } from 'pg';

const ERASED = '[erased]';

type Operation =
  | {
      readonly op: 'upsert';
      readonly customerId: string;
      readonly sourceId: string;
      readonly identity: CustomerIdentity;
    }
  | { readonly op: 'delete'; readonly customerId: string; readonly sourceId: string }
  | { readonly op: 'close'; readonly customerId: string };

export interface IdentityMatch {
  readonly customerId: string;
  readonly kinds: readonly IdentityKind[];
  /** Number of distinct matching identifiers. */
  readonly score: number;
}

/**
 * The customer event types that can change the index (`identityOperations` answers nothing for the
 * others, which a unit test checks over every type). The catch-up worker reads only these: an import
 * writes four events per row, and reading back, decrypting and re-applying the ones that hold no
 * identity cost the database and the service for nothing (docs/adr/0275).
 */
export const IDENTITY_EVENT_TYPES: readonly CustomerEvent['type'][] = [
  'customers.CustomerRegistered',
  'customers.ProfileUpdated',
  'customers.ContactAdded',
  'customers.ContactRemoved',
  'customers.ChannelRecorded',
  'customers.CustomerMergedInto',
  'customers.PersonalDataErased',
];

/**
 * The personal fields `identityOperations` reads: the only ones the catch-up worker decrypts. An
 * imported registration also carries names and a birthday; decrypting them for nothing was the
 * worker's largest cost during imports (ADR 0420). A unit test checks that every identity event
 * implies the same operations read this way as fully decrypted.
 */
export const IDENTITY_PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'customers.CustomerRegistered': ['nationalId', 'contacts[].value'],
  'customers.ProfileUpdated': ['nationalId'],
  'customers.ContactAdded': ['value'],
};

/** The customers policy narrowed to IDENTITY_PERSONAL_FIELDS (what the index needs in clear). */
export function identityPersonalDataPolicy(): ReturnType<typeof customersPersonalDataPolicy> {
  return narrowPersonalDataPolicy(customersPersonalDataPolicy(), IDENTITY_PERSONAL_FIELDS);
}

/**
 * The raw store as the catch-up worker reads it: identity fields in clear ("[erased]" after an
 * erasure), every other personal field left encrypted.
 */
export function identityReadingStore(raw: EventStore, keys: DataKeyProvider): EventStore {
  return new PersonalDataEventStore(
    raw,
    new PersonalDataCipher(keys),
    identityPersonalDataPolicy(),
  );
}

/** The index operations an event implies (pure; values must already be decrypted). */
export function identityOperations(event: EventEnvelope): Operation[] {
  const customerId = customerIdFromStreamId(event.streamId);
  if (!customerId) return [];
  const e = { type: event.type, data: event.data } as CustomerEvent;
  switch (e.type) {
    case 'customers.CustomerRegistered':
      // An imported row's contacts and channel travel inside its registration (ADR 0340).
      if (hasRegistrationFacts(e))
        return registrationFacts(e).flatMap((fact) => identityOperations({ ...event, ...fact }));
      return e.data.nationalId && e.data.nationalId !== ERASED
        ? [
            {
              op: 'upsert',
              customerId,
              sourceId: 'national_id',
              identity: { kind: 'national_id', value: e.data.nationalId },
            },
          ]
        : [];
    case 'customers.ProfileUpdated':
      if (e.data.nationalId === null)
        return [{ op: 'delete', customerId, sourceId: 'national_id' }];
      return e.data.nationalId && e.data.nationalId !== ERASED
        ? [
            {
              op: 'upsert',
              customerId,
              sourceId: 'national_id',
              identity: { kind: 'national_id', value: e.data.nationalId },
            },
          ]
        : [];
    case 'customers.ContactAdded': {
      const { contactKind, value, contactId } = e.data;
      if (contactKind === 'address' || typeof value !== 'string' || value === ERASED) return [];
      return [
        {
          op: 'upsert',
          customerId,
          sourceId: `contact:${contactId}`,
          identity: { kind: contactKind, value },
        },
      ];
    }
    case 'customers.ContactRemoved':
      return [{ op: 'delete', customerId, sourceId: `contact:${e.data.contactId}` }];
    case 'customers.ChannelRecorded': {
      if (!e.data.externalId) return [];
      const value = externalIdentity(e.data.channel, e.data.externalId);
      return [
        {
          op: 'upsert',
          customerId,
          sourceId: `channel:${value}`,
          identity: { kind: 'external_id', value },
        },
      ];
    }
    case 'customers.CustomerMergedInto':
    case 'customers.PersonalDataErased':
      return [{ op: 'close', customerId }];
    case 'customers.PrimaryContactSet':
    case 'customers.DemographicsSet':
    case 'customers.CustomerTagged':
    case 'customers.CustomerUntagged':
    case 'customers.OwnerAssigned':
    case 'customers.LifecycleStatusChanged':
    case 'customers.CustomFieldValuesSet':
    case 'customers.InteractionRecorded':
    case 'customers.PurchaseRecorded':
    case 'customers.PurchaseCancelled':
    case 'customers.PurchaseRefunded':
    case 'customers.ConsentGranted':
    case 'customers.ConsentWithdrawn':
    case 'customers.CustomerMerged':
      return [];
    default: {
      const unknown: never = e;
      void unknown;
      return [];
    }
  }
}

/** How many positions the command path remembers for the worker (beyond: applied twice, harmless). */
const APPLIED_HERE_BOUND = 50_000;

export class IdentityIndex {
  private readonly hmacKey: KeyObject;
  /** Positions of events this process's command path writes itself: whether the write held. */
  private readonly appliedHere = new Map<number, Promise<boolean>>();

  constructor(
    private readonly pool: Pool,
    masterKey: MasterKey,
  ) {
    // A separate key per purpose: the index key reveals nothing about the data-key wrapping key.
    // A KeyObject, not a Buffer: Node checks a Buffer key's type on every HMAC, 8× the cost.
    this.hmacKey = createSecretKey(
      Buffer.from(
        hkdfSync('sha256', masterKey.key, Buffer.alloc(0), 'crm-customers-identity-index:v1', 32),
      ),
    );
  }

  hash(identity: CustomerIdentity): Buffer {
    return createHmac('sha256', this.hmacKey)
      .update(`${identity.kind}\0${identity.value}`)
      .digest();
  }

  /**
   * Applies the identity effects of customer events (any order, any number of times), in at most
   * three statements whatever the number of events (an import batch writes thousands at once):
   * every upsert and delete, then the closes. Rows are written in key order (customer, source) so
   * two concurrent writers (the command path, an import batch, the catch-up worker) lock rows in
   * the same order; a deadlock still reported by PostgreSQL is retried, which is safe because every
   * write is position-guarded. Upserting before closing gives the state one-by-one application
   * gives: a close removes every row of its customer and blocks later upserts, in either order.
   */
  async apply(events: readonly EventEnvelope[], client?: PoolClient): Promise<void> {
    const { sets, closes } = plannedWrites(events, (identity) => this.hash(identity));
    // Inside a caller's transaction nothing is committed here: only own writes are announced.
    if (client) {
      if (sets.length > 0 || closes.length > 0) await this.write(sets, closes, client);
      return;
    }
    const written =
      sets.length > 0 || closes.length > 0
        ? this.write(sets, closes, undefined)
        : Promise.resolve();
    this.announce(
      events,
      written.then(
        () => true,
        () => false,
      ),
    );
    await written;
  }

  /**
   * The events the catch-up worker still has to apply: those this process's command path has not
   * applied and committed (ADR 0355). A write still under way is waited for, so the worker woken
   * by the append does not race it; a write that failed leaves its events to the worker. A process
   * that restarts forgets, and applies again: every write is position-guarded, so that costs work,
   * never a different result.
   */
  async notAppliedHere(events: readonly EventEnvelope[]): Promise<EventEnvelope[]> {
    const pending: EventEnvelope[] = [];
    for (const event of events) {
      const written = this.appliedHere.get(event.globalPosition);
      this.appliedHere.delete(event.globalPosition);
      if (!written || !(await written)) pending.push(event);
    }
    return pending;
  }

  private announce(events: readonly EventEnvelope[], written: Promise<boolean>): void {
    for (const event of events) this.appliedHere.set(event.globalPosition, written);
    // Oldest first (Map order): positions the worker never came for (it stopped) are let go.
    for (const oldest of this.appliedHere.keys()) {
      if (this.appliedHere.size <= APPLIED_HERE_BOUND) break;
      this.appliedHere.delete(oldest);
    }
  }

  private async write(
    sets: readonly IdentitySet[],
    closes: readonly IdentityClose[],
    client: PoolClient | undefined,
  ): Promise<void> {
    const run = async (c: PoolClient): Promise<void> => {
      if (sets.length > 0) await writeSets(c, sets);
      if (closes.length > 0) await writeCloses(c, closes);
    };
    if (client) return run(client);
    // Upserts and deletes alone are one statement, atomic by itself: no BEGIN and COMMIT round
    // trips around it (ADR 0355).
    if (closes.length === 0) {
      await this.withConflictRetry(() => this.pool.query(setsStatement(sets)));
      return;
    }
    for (let attempt = 1; ; attempt++) {
      const own = await this.pool.connect();
      try {
        await own.query('BEGIN');
        await run(own);
        await own.query('COMMIT');
        return;
      } catch (error) {
        await own.query('ROLLBACK').catch(() => undefined);
        if (attempt >= 5 || !isRetriableConflict(error)) throw error;
      } finally {
        own.release();
      }
    }
  }

  /**
   * `find` for many probes in one query (bulk dedupe, e.g. an import batch): for each probe, the
   * customers holding any of its identities, best match first, at most `limit`.
   */
  async findEach(
    tenantId: string,
    probes: readonly (readonly CustomerIdentity[])[],
    limit: number,
  ): Promise<IdentityMatch[][]> {
    const probeNo: number[] = [];
    const kinds: string[] = [];
    const hashes: Buffer[] = [];
    probes.forEach((identities, i) =>
      identities.forEach((identity) => {
        probeNo.push(i);
        kinds.push(identity.kind);
        hashes.push(this.hash(identity));
      }),
    );
    const found: IdentityMatch[][] = probes.map(() => []);
    if (probeNo.length === 0) return found;
    const result = await this.pool.query<{
      probe: number;
      customer_id: string;
      kinds: IdentityKind[];
      score: string;
    }>(
      `SELECT q.probe, i.customer_id, array_agg(DISTINCT i.kind ORDER BY i.kind) AS kinds,
              count(DISTINCT i.value_hash) AS score
         FROM unnest($2::int[], $3::text[], $4::bytea[]) AS q(probe, kind, value_hash)
         JOIN customers.identity_index i
           ON i.tenant_id = $1 AND NOT i.deleted AND i.kind = q.kind AND i.value_hash = q.value_hash
        GROUP BY q.probe, i.customer_id
        ORDER BY q.probe, score DESC, i.customer_id`,
      [tenantId, probeNo, kinds, hashes],
    );
    for (const row of result.rows) {
      const matches = found[row.probe]!;
      if (matches.length < limit)
        matches.push({ customerId: row.customer_id, kinds: row.kinds, score: Number(row.score) });
    }
    return found;
  }

  /** Customers of the tenant holding any of the identities, best match first. */
  async find(
    tenantId: string,
    identities: readonly CustomerIdentity[],
    options: FindOptions = {},
  ): Promise<IdentityMatch[]> {
    if (identities.length === 0) return [];
    const result = await this.pool.query<MatchRow>(
      this.findStatement(tenantId, identities, options),
    );
    return result.rows.map(toMatch);
  }

  /**
   * `apply` then `find` in one statement when the events only upsert or delete rows (ADR 0355:
   * a registration's index write and its duplicate hint). The lookup reads the snapshot the
   * statement started with, so the rows it writes are not among the matches; `excludeCustomerId`
   * leaves them out anyway. Anything else (closes, no identity to look for) takes both steps.
   */
  async applyAndFind(
    events: readonly EventEnvelope[],
    tenantId: string,
    identities: readonly CustomerIdentity[],
    options: FindOptions = {},
  ): Promise<IdentityMatch[]> {
    const { sets, closes } = plannedWrites(events, (identity) => this.hash(identity));
    if (closes.length > 0 || sets.length === 0 || identities.length === 0) {
      await this.apply(events);
      return this.find(tenantId, identities, options);
    }
    const write = setsStatement(sets);
    const find = this.findStatement(tenantId, identities, options, write.values.length);
    const statement = {
      text: `WITH written AS (${write.text}) ${find.text}`,
      values: [...write.values, ...find.values],
    };
    const answered = this.withConflictRetry(() => this.pool.query<MatchRow>(statement));
    this.announce(
      events,
      answered.then(
        () => true,
        () => false,
      ),
    );
    return (await answered).rows.map(toMatch);
  }

  private findStatement(
    tenantId: string,
    identities: readonly CustomerIdentity[],
    options: FindOptions,
    offset = 0,
  ): { text: string; values: unknown[] } {
    const p = (n: number): string => `$${n + offset}`;
    return {
      text: `SELECT customer_id, array_agg(DISTINCT kind ORDER BY kind) AS kinds, count(DISTINCT value_hash) AS score
         FROM customers.identity_index
        WHERE tenant_id = ${p(1)} AND NOT deleted
          AND (kind, value_hash) IN (SELECT * FROM unnest(${p(2)}::text[], ${p(3)}::bytea[]))
          AND customer_id <> ${p(4)}
        GROUP BY customer_id
        ORDER BY score DESC, customer_id
        LIMIT ${p(5)}`,
      values: [
        tenantId,
        identities.map((i) => i.kind),
        identities.map((i) => this.hash(i)),
        options.excludeCustomerId ?? '',
        options.limit ?? 20,
      ],
    };
  }

  /** Runs a statement again after a deadlock: every index write is position-guarded. */
  private async withConflictRetry<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (attempt >= 5 || !isRetriableConflict(error)) throw error;
      }
    }
  }
}

interface FindOptions {
  readonly excludeCustomerId?: string;
  readonly limit?: number;
}

interface MatchRow {
  customer_id: string;
  kinds: IdentityKind[];
  score: string;
}

function toMatch(row: MatchRow): IdentityMatch {
  return { customerId: row.customer_id, kinds: row.kinds, score: Number(row.score) };
}

/** Deadlock or serialization failure: the transaction may simply be run again. */
export function isRetriableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** One identity row to write: an upsert (`deleted` false) or a delete, guarded by its position. */
interface IdentitySet {
  readonly key: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly sourceId: string;
  readonly kind: string;
  readonly valueHash: Buffer;
  readonly position: number;
  readonly deleted: boolean;
}

interface IdentityClose {
  readonly tenantId: string;
  readonly customerId: string;
  readonly position: number;
}

/**
 * The rows the events imply, in key order. Several operations on the same row collapse into the
 * one of the highest position (what the position guard would keep anyway), because one statement
 * may not update the same row twice.
 */
function plannedWrites(
  events: readonly EventEnvelope[],
  hash: (identity: CustomerIdentity) => Buffer,
): { sets: IdentitySet[]; closes: IdentityClose[] } {
  const sets = new Map<string, IdentitySet>();
  const closes = new Map<string, IdentityClose>();
  for (const event of events) {
    if (!event.streamId.startsWith(`${CUSTOMER_CATEGORY}-`)) continue;
    const { tenantId, globalPosition: position } = event;
    for (const op of identityOperations(event)) {
      if (op.op === 'close') {
        const key = `${tenantId}\0${op.customerId}`;
        const known = closes.get(key);
        if (!known || known.position > position)
          closes.set(key, { tenantId, customerId: op.customerId, position });
        continue;
      }
      const key = `${tenantId}\0${op.customerId}\0${op.sourceId}`;
      const known = sets.get(key);
      if (known && known.position >= position) continue;
      sets.set(key, {
        key,
        tenantId,
        customerId: op.customerId,
        sourceId: op.sourceId,
        kind: op.op === 'upsert' ? op.identity.kind : '',
        valueHash: op.op === 'upsert' ? hash(op.identity) : Buffer.alloc(0),
        position,
        deleted: op.op === 'delete',
      });
    }
  }
  const byKey = (a: { key: string }, b: { key: string }): number =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  return {
    sets: [...sets.values()].sort(byKey),
    closes: [...closes].map(([key, close]) => ({ key, ...close })).sort(byKey),
  };
}

/** Upserts (unless the customer is closed) and deletes, one statement, rows in key order. */
function setsStatement(sets: readonly IdentitySet[]): { text: string; values: unknown[] } {
  return {
    text: `INSERT INTO customers.identity_index AS i (tenant_id, customer_id, source_id, kind, value_hash, position, deleted)
     SELECT q.tenant_id, q.customer_id, q.source_id, q.kind, q.value_hash, q.position, q.deleted
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::bigint[], $7::boolean[])
            WITH ORDINALITY AS q(tenant_id, customer_id, source_id, kind, value_hash, position, deleted, ord)
      WHERE q.deleted OR NOT EXISTS (
              SELECT 1 FROM customers.identity_closed c
               WHERE c.tenant_id = q.tenant_id AND c.customer_id = q.customer_id)
      ORDER BY q.ord
     ON CONFLICT (tenant_id, customer_id, source_id) DO UPDATE
       SET kind = CASE WHEN EXCLUDED.deleted THEN i.kind ELSE EXCLUDED.kind END,
           value_hash = EXCLUDED.value_hash, position = EXCLUDED.position, deleted = EXCLUDED.deleted
       WHERE i.position < EXCLUDED.position`,
    values: [
      sets.map((s) => s.tenantId),
      sets.map((s) => s.customerId),
      sets.map((s) => s.sourceId),
      sets.map((s) => s.kind),
      sets.map((s) => s.valueHash),
      sets.map((s) => s.position),
      sets.map((s) => s.deleted),
    ],
  };
}

async function writeSets(client: PoolClient, sets: readonly IdentitySet[]): Promise<void> {
  await client.query(setsStatement(sets));
}

/** Closes customers (merged away or erased): recorded once, and every identity row removed. */
async function writeCloses(client: PoolClient, closes: readonly IdentityClose[]): Promise<void> {
  const tenants = closes.map((c) => c.tenantId);
  const customers = closes.map((c) => c.customerId);
  await client.query(
    `INSERT INTO customers.identity_closed (tenant_id, customer_id, position)
     SELECT t, c, p FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS q(t, c, p, ord) ORDER BY ord
     ON CONFLICT (tenant_id, customer_id) DO NOTHING`,
    [tenants, customers, closes.map((c) => c.position)],
  );
  await client.query(
    `DELETE FROM customers.identity_index i USING unnest($1::text[], $2::text[]) AS q(tenant_id, customer_id)
      WHERE i.tenant_id = q.tenant_id AND i.customer_id = q.customer_id`,
    [tenants, customers],
  );
}
