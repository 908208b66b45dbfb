// Which customers of the customers context hold an e-mail address or a phone number (and who owns
// them), for another
// context that may read only customers' public events (ADR 0325): a keyed digest (HMAC-SHA-256
// under a key derived from the master key and the reader's label) of each e-mail (lower-cased) and
// phone (digits and a leading +) contact, per tenant, in the reader's own schema. Values are never
// stored in clear outside the customers' encrypted events; a removed contact's row and an erased
// customer's rows are deleted, so the index cannot outlive the personal data it points to. A master
// key rotation starts a new digest space (contacts are matched again once rebuilt from the log).
import { createHmac } from 'node:crypto';
import type { MasterKeyRing } from '@crm/event-sourcing';
import type { Pool } from 'pg';

export type CustomerContactKind = 'email' | 'phone';

export interface CustomerContactMatch {
  readonly customerId: string;
  readonly matchedOn: CustomerContactKind;
  /** The customer's owning rep (customers.OwnerAssigned), when one is assigned. */
  readonly ownerId?: string;
}

/** The comparable form of a contact value; undefined when it cannot be matched. */
export function normaliseContact(kind: CustomerContactKind, value: string): string | undefined {
  if (kind === 'email') {
    const email = value.trim().toLowerCase();
    return email.includes('@') ? email : undefined;
  }
  // "+44 20 7946-0000", "0044 20 7946 0000" and "+442079460000" are the same number (a leading
  // 00 is the international prefix, as in E.164 dialling); too few digits is no number.
  const phone = value
    .replace(/[^\d+]/g, '')
    .replace(/(?!^)\+/g, '')
    .replace(/^00/, '+');
  return phone.replace('+', '').length >= 6 ? phone : undefined;
}

export class CustomerContactIndex {
  private readonly key: Buffer;
  private readonly table: string;
  private readonly owners: string;

  /** `schema`: the reader's own PostgreSQL schema; `label` separates its digest space. */
  constructor(
    private readonly pool: Pool,
    masterKeys: MasterKeyRing,
    private readonly options: { readonly schema: string; readonly label: string },
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
      throw new Error(`not a schema name: ${options.schema}`);
    }
    this.key = createHmac('sha256', masterKeys.current.key)
      .update(`${options.label}:customer-contact:v1`)
      .digest();
    this.table = `${options.schema}.customer_contact_digests`;
    this.owners = `${options.schema}.customer_owners`;
  }

  async migrate(): Promise<void> {
    await this.pool.query(`
      CREATE SCHEMA IF NOT EXISTS ${this.options.schema};
      CREATE TABLE IF NOT EXISTS ${this.table} (
        tenant_id   text NOT NULL,
        contact_id  text NOT NULL,
        customer_id text NOT NULL,
        kind        text NOT NULL,
        digest      text NOT NULL,
        PRIMARY KEY (tenant_id, contact_id)
      );
      CREATE INDEX IF NOT EXISTS customer_contact_digests_digest
        ON ${this.table} (tenant_id, digest);
      CREATE INDEX IF NOT EXISTS customer_contact_digests_customer
        ON ${this.table} (tenant_id, customer_id);
      CREATE TABLE IF NOT EXISTS ${this.owners} (
        tenant_id   text NOT NULL,
        customer_id text NOT NULL,
        owner_id    text NOT NULL,
        PRIMARY KEY (tenant_id, customer_id)
      );`);
  }

  private digest(tenantId: string, kind: CustomerContactKind, normalised: string): string {
    return createHmac('sha256', this.key)
      .update(`${tenantId}\0${kind}\0${normalised}`)
      .digest('base64url');
  }

  /** The contact `contactId` of `customerId` is `value` (recording it again is harmless). */
  async record(
    tenantId: string,
    contact: { contactId: string; customerId: string; kind: CustomerContactKind; value: string },
  ): Promise<void> {
    const normalised = normaliseContact(contact.kind, contact.value);
    if (normalised === undefined) return;
    await this.pool.query(
      `INSERT INTO ${this.table} (tenant_id, contact_id, customer_id, kind, digest)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, contact_id) DO UPDATE
         SET customer_id = EXCLUDED.customer_id, kind = EXCLUDED.kind, digest = EXCLUDED.digest`,
      [
        tenantId,
        contact.contactId,
        contact.customerId,
        contact.kind,
        this.digest(tenantId, contact.kind, normalised),
      ],
    );
  }

  async removeContact(tenantId: string, contactId: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE tenant_id = $1 AND contact_id = $2`, [
      tenantId,
      contactId,
    ]);
  }

  /** The customer's owning rep; null: unassigned. */
  async assignOwner(tenantId: string, customerId: string, ownerId: string | null): Promise<void> {
    await this.pool.query(
      ownerId === null
        ? `DELETE FROM ${this.owners} WHERE tenant_id = $1 AND customer_id = $2`
        : `INSERT INTO ${this.owners} (tenant_id, customer_id, owner_id) VALUES ($1, $2, $3)
           ON CONFLICT (tenant_id, customer_id) DO UPDATE SET owner_id = EXCLUDED.owner_id`,
      ownerId === null ? [tenantId, customerId] : [tenantId, customerId, ownerId],
    );
  }

  async eraseCustomers(tenantId: string, customerIds: readonly string[]): Promise<void> {
    for (const table of [this.table, this.owners]) {
      await this.pool.query(
        `DELETE FROM ${table} WHERE tenant_id = $1 AND customer_id = ANY($2::text[])`,
        [tenantId, [...customerIds]],
      );
    }
  }

  /** The one customer holding this e-mail or phone; undefined when none or several do (ambiguous). */
  async soleCustomerFor(
    tenantId: string,
    contact: { readonly email?: string; readonly phone?: string },
  ): Promise<string | undefined> {
    const matches = await this.customersFor(tenantId, contact, 2);
    return matches.length === 1 ? matches[0]?.customerId : undefined;
  }

  /**
   * The customers holding this e-mail or phone, e-mail matches first, each customer once, in
   * customer id order within a kind; at most `limit`.
   */
  async customersFor(
    tenantId: string,
    contact: { readonly email?: string; readonly phone?: string },
    limit = 5,
  ): Promise<CustomerContactMatch[]> {
    const digests = (['email', 'phone'] as const).flatMap((kind) => {
      const value = contact[kind];
      const normalised = value === undefined ? undefined : normaliseContact(kind, value);
      return normalised === undefined ? [] : [this.digest(tenantId, kind, normalised)];
    });
    if (digests.length === 0) return [];
    const { rows } = await this.pool.query<{
      customer_id: string;
      kind: CustomerContactKind;
      owner_id: string | null;
    }>(
      `SELECT DISTINCT ON (d.customer_id) d.customer_id, d.kind, o.owner_id
         FROM ${this.table} d
         LEFT JOIN ${this.owners} o ON o.tenant_id = d.tenant_id AND o.customer_id = d.customer_id
        WHERE d.tenant_id = $1 AND d.digest = ANY($2::text[])
        ORDER BY d.customer_id, d.kind`,
      [tenantId, digests],
    );
    return rows
      .map((r) => ({
        customerId: r.customer_id,
        matchedOn: r.kind,
        ...(r.owner_id === null ? {} : { ownerId: r.owner_id }),
      }))
      .sort((a, b) => a.matchedOn.localeCompare(b.matchedOn))
      .slice(0, limit);
  }
}
