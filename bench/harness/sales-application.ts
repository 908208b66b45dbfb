// The sales application as services/sales wires it (store encrypting leads' personal data under
// per-lead keys, keyed e-mail digests for the duplicate check, team snapshots when asked), run in
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
import type { DefineSalesTeam } from '@crm/sales-domain';
import type { Pool } from 'pg';
import { SalesApplication } from '../../services/sales/src/application/sales.application';
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

/** `teamSnapshots`: one every 100 events of a team stream, as the service's default. */
export async function salesBenchApplication(
  pool: Pool,
  teamSnapshots: boolean,
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
  return { app: new SalesApplication(store, systemRuntime, 10, keys, emails, snapshots), raw };
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
