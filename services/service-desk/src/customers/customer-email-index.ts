// Which customer an inbound mail's sender is: a keyed digest (HMAC-SHA-256 under a key derived
// from the master key) of each customer e-mail contact, per tenant, in the service's schema
// `service_desk_customers`. Addresses are never stored in clear outside the customers' encrypted
// events; a removed contact's row and an erased customer's rows are deleted, so the index cannot
// outlive the personal data it points to. A master key rotation starts a new digest space (earlier
// contacts are matched again once the index is rebuilt from the log). ADR 0292.
import { createHmac } from 'node:crypto';
import type { MasterKeyRing } from '@crm/event-sourcing';
import type { Pool } from 'pg';

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS service_desk_customers;
CREATE TABLE IF NOT EXISTS service_desk_customers.email_digests (
  tenant_id   text NOT NULL,
  contact_id  text NOT NULL,
  customer_id text NOT NULL,
  digest      text NOT NULL,
  PRIMARY KEY (tenant_id, contact_id)
);
CREATE INDEX IF NOT EXISTS email_digests_digest
  ON service_desk_customers.email_digests (tenant_id, digest);
CREATE INDEX IF NOT EXISTS email_digests_customer
  ON service_desk_customers.email_digests (tenant_id, customer_id);
`;

export class CustomerEmailIndex {
  private readonly key: Buffer;

  constructor(
    private readonly pool: Pool,
    masterKeys: MasterKeyRing,
  ) {
    this.key = createHmac('sha256', masterKeys.current.key)
      .update('service-desk-customer-email:v1')
      .digest();
  }

  async migrate(): Promise<void> {
    await this.pool.query(SCHEMA);
  }

  private digest(tenantId: string, email: string): string {
    return createHmac('sha256', this.key)
      .update(`${tenantId}\0${email.trim().toLowerCase()}`)
      .digest('base64url');
  }

  /** The contact `contactId` of `customerId` is `email` (recording it again is harmless). */
  async record(tenantId: string, contactId: string, customerId: string, email: string) {
    await this.pool.query(
      `INSERT INTO service_desk_customers.email_digests (tenant_id, contact_id, customer_id, digest)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, contact_id) DO UPDATE
         SET customer_id = EXCLUDED.customer_id, digest = EXCLUDED.digest`,
      [tenantId, contactId, customerId, this.digest(tenantId, email)],
    );
  }

  async removeContact(tenantId: string, contactId: string): Promise<void> {
    await this.pool.query(
      'DELETE FROM service_desk_customers.email_digests WHERE tenant_id = $1 AND contact_id = $2',
      [tenantId, contactId],
    );
  }

  async eraseCustomers(tenantId: string, customerIds: readonly string[]): Promise<void> {
    await this.pool.query(
      `DELETE FROM service_desk_customers.email_digests
        WHERE tenant_id = $1 AND customer_id = ANY($2::text[])`,
      [tenantId, [...customerIds]],
    );
  }

  /** The one customer holding this address; undefined when none or several do (ambiguous). */
  async customerFor(tenantId: string, email: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ customer_id: string }>(
      `SELECT DISTINCT customer_id FROM service_desk_customers.email_digests
        WHERE tenant_id = $1 AND digest = $2 LIMIT 2`,
      [tenantId, this.digest(tenantId, email)],
    );
    return rows.length === 1 ? rows[0]?.customer_id : undefined;
  }
}
