// Which customer an inbound mail's sender, or a ticket's caller, is: a keyed digest (HMAC-SHA-256
// under a key derived from the master key) of each customer e-mail and phone contact, per tenant,
// in the service's schema `service_desk_customers`. Addresses and numbers are never stored in clear
// outside the customers' encrypted events; a removed contact's row and an erased customer's rows
// are deleted, so the index cannot outlive the personal data it points to. A master key rotation
// starts a new digest space (earlier contacts are matched again once the index is rebuilt from the
// log). ADRs 0292 (e-mail), 0318 (phone).
import { createHmac } from 'node:crypto';
import type { MasterKeyRing } from '@crm/event-sourcing';
import { e164 } from '@crm/service-desk-domain';
import type { Pool } from 'pg';

export type IndexedContactKind = 'email' | 'phone';

// One table per kind, so an e-mail lookup can never meet a phone number's row.
const TABLES: Record<IndexedContactKind, string> = {
  email: 'service_desk_customers.email_digests',
  phone: 'service_desk_customers.phone_digests',
};

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS service_desk_customers;
${Object.entries(TABLES)
  .map(
    ([kind, table]) => `
CREATE TABLE IF NOT EXISTS ${table} (
  tenant_id   text NOT NULL,
  contact_id  text NOT NULL,
  customer_id text NOT NULL,
  digest      text NOT NULL,
  PRIMARY KEY (tenant_id, contact_id)
);
CREATE INDEX IF NOT EXISTS ${kind}_digests_digest ON ${table} (tenant_id, digest);
CREATE INDEX IF NOT EXISTS ${kind}_digests_customer ON ${table} (tenant_id, customer_id);`,
  )
  .join('\n')}
`;

/** The form a contact is compared in; undefined when it is no usable address or number. */
function normalised(kind: IndexedContactKind, value: string): string | undefined {
  if (kind === 'phone') return e164(value);
  const email = value.trim().toLowerCase();
  return email.includes('@') ? email : undefined;
}

export class CustomerContactIndex {
  private readonly key: Buffer;

  constructor(
    private readonly pool: Pool,
    masterKeys: MasterKeyRing,
  ) {
    // The e-mail derivation label predates phones; kept so existing digests still match.
    this.key = createHmac('sha256', masterKeys.current.key)
      .update('service-desk-customer-email:v1')
      .digest();
  }

  async migrate(): Promise<void> {
    await this.pool.query(SCHEMA);
  }

  private digest(tenantId: string, value: string): string {
    return createHmac('sha256', this.key).update(`${tenantId}\0${value}`).digest('base64url');
  }

  /**
   * The contact `contactId` of `customerId` is `value` (recording it again is harmless); a value
   * that is no address or number ("[erased]") is not recorded.
   */
  async record(
    tenantId: string,
    contact: { kind: IndexedContactKind; contactId: string; customerId: string; value: string },
  ): Promise<void> {
    const value = normalised(contact.kind, contact.value);
    if (value === undefined) return;
    await this.pool.query(
      `INSERT INTO ${TABLES[contact.kind]} (tenant_id, contact_id, customer_id, digest)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, contact_id) DO UPDATE
         SET customer_id = EXCLUDED.customer_id, digest = EXCLUDED.digest`,
      [tenantId, contact.contactId, contact.customerId, this.digest(tenantId, value)],
    );
  }

  async removeContact(tenantId: string, kind: IndexedContactKind, contactId: string) {
    await this.pool.query(`DELETE FROM ${TABLES[kind]} WHERE tenant_id = $1 AND contact_id = $2`, [
      tenantId,
      contactId,
    ]);
  }

  async eraseCustomers(tenantId: string, customerIds: readonly string[]): Promise<void> {
    for (const table of Object.values(TABLES)) {
      await this.pool.query(
        `DELETE FROM ${table} WHERE tenant_id = $1 AND customer_id = ANY($2::text[])`,
        [tenantId, [...customerIds]],
      );
    }
  }

  /** The one customer holding this address; undefined when none or several do (ambiguous). */
  customerForEmail(tenantId: string, email: string): Promise<string | undefined> {
    return this.customerFor(tenantId, 'email', email);
  }

  /** The one customer holding this number; undefined when none or several do (ambiguous). */
  customerForPhone(tenantId: string, phone: string): Promise<string | undefined> {
    return this.customerFor(tenantId, 'phone', phone);
  }

  private async customerFor(tenantId: string, kind: IndexedContactKind, given: string) {
    const value = normalised(kind, given);
    if (value === undefined) return undefined;
    const { rows } = await this.pool.query<{ customer_id: string }>(
      `SELECT DISTINCT customer_id FROM ${TABLES[kind]}
        WHERE tenant_id = $1 AND digest = $2 LIMIT 2`,
      [tenantId, this.digest(tenantId, value)],
    );
    return rows.length === 1 ? rows[0]?.customer_id : undefined;
  }
}
