// The sales application as services/sales wires it (store encrypting leads' personal data under
// per-lead keys, keyed e-mail digests for the duplicate check against leads and customers, team and
// pipeline snapshots when asked), run in
// process by S1 and bench/tools/s1-routing-cpu.ts; and the round-robin team of 10 reps they route to.
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  PostgresEventStore,
  PostgresSnapshotStore,
  masterKeyFromBytes,
  masterKeyRing,
  migratePersonalDataSchema,
  migrateSnapshotSchema,
  systemRuntime,
} from '@crm/event-sourcing';
import { CustomerContactIndex } from '@crm/reactors';
import type { DefineSalesTeam } from '@crm/sales-domain';
import type { Pool } from 'pg';
import { SalesApplication } from '../../services/sales/src/application/sales.application';
import { PipelineAsOfSnapshots } from '../../services/sales/src/forecast/pipeline-as-of-snapshots';
import { LeadEmailIndex } from '../../services/sales/src/inbound/lead-email-index';
import {
  salesEventTypes,
  salesPersonalDataPolicy,
} from '../../services/sales/src/infrastructure/sales-event-store';

export interface SalesBenchApplication {
  readonly app: SalesApplication;
  /** The store without encryption (its pool, counts, close). */
  readonly raw: PostgresEventStore;
}

/**
 * `teamSnapshots`: one every 100 events of a team stream, as the service's default;
 * `pipelineSnapshots`: positional snapshots of the pipeline as of (ADR 0326), as the service.
 */
export async function salesBenchApplication(
  pool: Pool,
  teamSnapshots: boolean,
  pipelineSnapshots = true,
): Promise<SalesBenchApplication> {
  await migratePersonalDataSchema(pool);
  const raw = await PostgresEventStore.create({ pool, eventTypes: salesEventTypes() });
  const ring = masterKeyRing(masterKeyFromBytes(Buffer.alloc(32, 9)));
  const keys = new DataKeyStore({
    repository: new PostgresDataKeyRepository(pool),
    masterKeys: ring,
  });
  const store = new PersonalDataEventStore(
    raw,
    new PersonalDataCipher(keys),
    salesPersonalDataPolicy(),
  );
  const emails = new LeadEmailIndex(pool, ring);
  await emails.migrate();
  if (teamSnapshots) await migrateSnapshotSchema(pool);
  const snapshots = teamSnapshots
    ? { store: new PostgresSnapshotStore(pool), everyNEvents: 100 }
    : undefined;
  // The duplicate check against customers (ADR 0325): empty here, but queried on every capture.
  const customerContacts = new CustomerContactIndex(pool, ring, {
    schema: 'sales_customers',
    label: 'sales',
  });
  await customerContacts.migrate();
  const asOf = pipelineSnapshots ? new PipelineAsOfSnapshots(pool) : undefined;
  await asOf?.migrate();
  const app = new SalesApplication(store, systemRuntime, 10, keys, emails, snapshots, {
    customerContacts,
    ...(asOf ? { pipelineSnapshots: asOf } : {}),
  });
  return { app, raw };
}

/** Round robin over 10 reps who never fill up. */
export function benchTeam(teamId: string): DefineSalesTeam {
  return {
    type: 'DefineSalesTeam',
    data: {
      teamId,
      strategy: 'round_robin',
      reps: Array.from({ length: 10 }, (_, i) => ({
        repId: `rep-${i}`,
        capacity: 100_000,
        absent: false,
        optedOut: false,
      })),
      rules: [],
      definedBy: 'bench',
      now: new Date().toISOString(),
    },
  };
}
