// The duplicate check of lead capture: a keyed digest (HMAC-SHA-256 under a key derived from the
// master key) of each captured lead's normalised e-mail, per tenant, in the service's database.
// The e-mail itself is never stored in clear outside the encrypted events, and a lead's row is
// deleted when the lead is erased, so the index cannot outlive the personal data it points to.
// A master key rotation starts a new digest space (earlier leads are no longer matched).
import { createHmac } from 'node:crypto';
import type { MasterKeyRing } from '@crm/event-sourcing';
import type { Pool } from 'pg';

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS sales_leads;
CREATE TABLE IF NOT EXISTS sales_leads.email_digests (
  tenant_id  text NOT NULL,
  digest     text NOT NULL,
  lead_id    text NOT NULL,
  PRIMARY KEY (tenant_id, digest, lead_id)
);
CREATE INDEX IF NOT EXISTS email_digests_lead ON sales_leads.email_digests (tenant_id, lead_id);
`;

export class LeadEmailIndex {
  private readonly key: Buffer;

  constructor(
    private readonly pool: Pool,
    masterKeys: MasterKeyRing,
  ) {
    this.key = createHmac('sha256', masterKeys.current.key).update('sales-lead-email:v1').digest();
  }

  async migrate(): Promise<void> {
    await this.pool.query(SCHEMA);
  }

  private digest(tenantId: string, email: string): string {
    return createHmac('sha256', this.key)
      .update(`${tenantId}\0${email.trim().toLowerCase()}`)
      .digest('base64url');
  }

  /**
   * Records that `leadId` has `email` and returns the earliest other lead recorded with it (the
   * duplicate), if any. Recording again is harmless.
   */
  async record(tenantId: string, email: string, leadId: string): Promise<string[]> {
    const digest = this.digest(tenantId, email);
    await this.pool.query(
      `INSERT INTO sales_leads.email_digests (tenant_id, digest, lead_id) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [tenantId, digest, leadId],
    );
    const { rows } = await this.pool.query<{ lead_id: string }>(
      `SELECT lead_id FROM sales_leads.email_digests
        WHERE tenant_id = $1 AND digest = $2 AND lead_id <> $3 ORDER BY lead_id`,
      [tenantId, digest, leadId],
    );
    return rows.map((r) => r.lead_id);
  }

  /** The lead was erased: nothing may match it any more. */
  async forget(tenantId: string, leadId: string): Promise<void> {
    await this.pool.query(
      `DELETE FROM sales_leads.email_digests WHERE tenant_id = $1 AND lead_id = $2`,
      [tenantId, leadId],
    );
  }
}
