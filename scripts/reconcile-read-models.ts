// Compares every report dataset's read model with the event store (libs/reports reconciliation)
// and prints the findings as JSON; exit code 0 when all agree, 2 on a mismatch, 1 when it could
// not run. Meant for a daily cron or systemd timer until the platform's own timer publishes an
// alert event (docs/reports.md):
//   CRM_POSTGRES_URL=… CRM_MONGO_URL=… SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register scripts/reconcile-read-models.ts
import { PostgresStoreHead } from '@crm/messaging';
import { connectMongo } from '@crm/read-models';
import { PostgresStreamCounter, reconcileReadModels } from '@crm/reports';
import { Pool } from 'pg';

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} must be set (the event store's PostgreSQL / the read models' MongoDB URL)`,
    );
  return value;
}

async function main(): Promise<number> {
  const pool = new Pool({ connectionString: required('CRM_POSTGRES_URL'), max: 2 });
  const connection = await connectMongo(required('CRM_MONGO_URL'));
  try {
    const report = await reconcileReadModels({
      connection,
      streams: new PostgresStreamCounter(pool),
      storeHead: new PostgresStoreHead(pool),
    });
    console.log(JSON.stringify(report, null, 2));
    return report.mismatches.length > 0 ? 2 : 0;
  } finally {
    await connection.close();
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
