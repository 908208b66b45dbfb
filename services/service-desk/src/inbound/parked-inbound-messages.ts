// Where the inbound consumer parks what it cannot open a ticket from: one row per tenant and
// message id with the reason and the message's place on the topic (topic, partition, offset) and
// size. The payload itself is not copied here: it may hold personal data the desk may only keep
// encrypted; it stays on the topic for its retention, and the producer republishes it fixed (same
// message id: opened once).
import type { Pool } from 'pg';

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS service_desk_inbound;
CREATE TABLE IF NOT EXISTS service_desk_inbound.parked_messages (
  tenant_id   text NOT NULL,
  message_id  text NOT NULL,
  topic       text NOT NULL,
  partition   integer NOT NULL,
  "offset"    text NOT NULL,
  bytes       integer NOT NULL,
  reason      text NOT NULL,
  parked_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, message_id, topic, partition, "offset")
);
`;

export interface ParkedInboundMessage {
  readonly tenantId: string;
  readonly messageId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly bytes: number;
  readonly reason: string;
}

export class ParkedInboundMessages {
  constructor(private readonly pool: Pool) {}

  async migrate(): Promise<void> {
    await this.pool.query(SCHEMA);
  }

  async park(message: ParkedInboundMessage, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO service_desk_inbound.parked_messages
         (tenant_id, message_id, topic, partition, "offset", bytes, reason, parked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [
        message.tenantId,
        message.messageId,
        message.topic,
        message.partition,
        message.offset,
        message.bytes,
        message.reason.slice(0, 2000),
        at,
      ],
    );
  }

  async list(tenantId: string): Promise<ParkedInboundMessage[]> {
    const { rows } = await this.pool.query<{
      tenant_id: string;
      message_id: string;
      topic: string;
      partition: number;
      offset: string;
      bytes: number;
      reason: string;
    }>(
      `SELECT * FROM service_desk_inbound.parked_messages WHERE tenant_id = $1 ORDER BY parked_at`,
      [tenantId],
    );
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      messageId: r.message_id,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      bytes: r.bytes,
      reason: r.reason,
    }));
  }
}
