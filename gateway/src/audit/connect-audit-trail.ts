// Connects the auditor API to the event store: its own small pool (the auditor's read-only role
// in production, CRM_GATEWAY_AUDIT_POSTGRES_URL, plus INSERT on the event store for the one
// auditor-query stream; see docs/auditing.md), no migrations (the services own the schema).
import { PostgresEventStore, checkpointVerifierFromPems } from '@crm/event-sourcing';
import { type GatewayConfig } from '../config/gateway-config';
import { AUDITOR_QUERY_RAN, AuditTrail } from './audit-trail';

export async function connectAuditTrail(
  config: GatewayConfig,
): Promise<{ trail: AuditTrail; close(): Promise<void> }> {
  const store = await PostgresEventStore.create({
    connectionString: config.auditPostgresUrl ?? config.postgresUrl,
    eventTypes: [{ type: AUDITOR_QUERY_RAN, schemaVersion: 1 }],
    migrate: false,
    poolConfig: { max: 4, application_name: 'crm-gateway-audit' },
  });
  const trail = new AuditTrail({
    store,
    pool: store.pool,
    ...(config.auditPublicKeyPems.length > 0
      ? { verifier: checkpointVerifierFromPems(config.auditPublicKeyPems) }
      : {}),
  });
  return { trail, close: () => store.close() };
}
