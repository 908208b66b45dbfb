// The identity lookup index: which customers of a tenant hold a given normalised email, phone,
// national id or channel external id. Values are stored only as HMAC-SHA-256 under a key derived
// from the master key, rows of erased and merged customers are removed, and the whole table is
// rebuildable from the event log (see IdentityIndexWorker). Used by FindDuplicateCandidates,
// RegisterCustomer's duplicate hint and the import's dedupe.
import { createHmac, hkdfSync } from 'node:crypto';
import type { EventEnvelope, MasterKey } from '@crm/event-sourcing';
import {
  CUSTOMER_CATEGORY,
  customerIdFromStreamId,
  externalIdentity,
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

/** The index operations an event implies (pure; values must already be decrypted). */
export function identityOperations(event: EventEnvelope): Operation[] {
  const customerId = customerIdFromStreamId(event.streamId);
  if (!customerId) return [];
  const e = { type: event.type, data: event.data } as CustomerEvent;
  switch (e.type) {
    case 'customers.CustomerRegistered':
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

export class IdentityIndex {
  private readonly hmacKey: Buffer;

  constructor(
    private readonly pool: Pool,
    masterKey: MasterKey,
  ) {
    // A separate key per purpose: the index key reveals nothing about the data-key wrapping key.
    this.hmacKey = Buffer.from(
      hkdfSync('sha256', masterKey.key, Buffer.alloc(0), 'crm-customers-identity-index:v1', 32),
    );
  }

  hash(identity: CustomerIdentity): Buffer {
    return createHmac('sha256', this.hmacKey)
      .update(`${identity.kind}\0${identity.value}`)
      .digest();
  }

  /**
   * Applies the identity effects of customer events (any order, any number of times). Operations
   * run in key order (customer, source) so two concurrent writers (the command path, an import
   * batch, the catch-up worker) lock rows in the same order; a deadlock still reported by
   * PostgreSQL is retried, which is safe because every write is position-guarded.
   */
  async apply(events: readonly EventEnvelope[], client?: PoolClient): Promise<void> {
    const relevant = events.filter((e) => e.streamId.startsWith(`${CUSTOMER_CATEGORY}-`));
    const operations = relevant
      .flatMap((event) =>
        identityOperations(event).map((op) => ({
          op,
          event,
          key: `${event.tenantId}\0${op.customerId}\0${'sourceId' in op ? op.sourceId : ''}`,
        })),
      )
      .sort((a, b) =>
        a.key < b.key ? -1 : a.key > b.key ? 1 : a.event.globalPosition - b.event.globalPosition,
      );
    if (operations.length === 0) return;
    const run = async (c: PoolClient): Promise<void> => {
      for (const { op, event } of operations)
        await this.applyOne(c, event.tenantId, event.globalPosition, op);
    };
    if (client) return run(client);
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

  private async applyOne(
    client: PoolClient,
    tenantId: string,
    position: number,
    op: Operation,
  ): Promise<void> {
    switch (op.op) {
      case 'upsert':
        await client.query(
          `INSERT INTO customers.identity_index AS i (tenant_id, customer_id, source_id, kind, value_hash, position, deleted)
           SELECT $1, $2, $3, $4, $5, $6, false
           WHERE NOT EXISTS (SELECT 1 FROM customers.identity_closed c WHERE c.tenant_id = $1 AND c.customer_id = $2)
           ON CONFLICT (tenant_id, customer_id, source_id) DO UPDATE
             SET kind = EXCLUDED.kind, value_hash = EXCLUDED.value_hash, position = EXCLUDED.position, deleted = false
             WHERE i.position < EXCLUDED.position`,
          [
            tenantId,
            op.customerId,
            op.sourceId,
            op.identity.kind,
            this.hash(op.identity),
            position,
          ],
        );
        return;
      case 'delete':
        await client.query(
          `INSERT INTO customers.identity_index AS i (tenant_id, customer_id, source_id, kind, value_hash, position, deleted)
           VALUES ($1, $2, $3, '', '\\x', $4, true)
           ON CONFLICT (tenant_id, customer_id, source_id) DO UPDATE
             SET position = EXCLUDED.position, deleted = true, value_hash = '\\x'
             WHERE i.position < EXCLUDED.position`,
          [tenantId, op.customerId, op.sourceId, position],
        );
        return;
      case 'close':
        await client.query(
          `INSERT INTO customers.identity_closed (tenant_id, customer_id, position) VALUES ($1, $2, $3)
           ON CONFLICT (tenant_id, customer_id) DO NOTHING`,
          [tenantId, op.customerId, position],
        );
        await client.query(
          `DELETE FROM customers.identity_index WHERE tenant_id = $1 AND customer_id = $2`,
          [tenantId, op.customerId],
        );
        return;
      default: {
        const unknown: never = op;
        void unknown;
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
    options: { excludeCustomerId?: string; limit?: number } = {},
  ): Promise<IdentityMatch[]> {
    if (identities.length === 0) return [];
    const kinds = identities.map((i) => i.kind);
    const hashes = identities.map((i) => this.hash(i));
    const result = await this.pool.query<{
      customer_id: string;
      kinds: IdentityKind[];
      score: string;
    }>(
      `SELECT customer_id, array_agg(DISTINCT kind ORDER BY kind) AS kinds, count(DISTINCT value_hash) AS score
         FROM customers.identity_index
        WHERE tenant_id = $1 AND NOT deleted
          AND (kind, value_hash) IN (SELECT * FROM unnest($2::text[], $3::bytea[]))
          AND customer_id <> $4
        GROUP BY customer_id
        ORDER BY score DESC, customer_id
        LIMIT $5`,
      [tenantId, kinds, hashes, options.excludeCustomerId ?? '', options.limit ?? 20],
    );
    return result.rows.map((row) => ({
      customerId: row.customer_id,
      kinds: row.kinds,
      score: Number(row.score),
    }));
  }
}

/** Deadlock or serialization failure: the transaction may simply be run again. */
export function isRetriableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}
