// Starts and stops a private PostgreSQL cluster in a data folder through infra/local/crm-infra
// (CRM_DATA_DIR + CRM_PG_PORT), which already knows how to run PostgreSQL as the right OS user,
// with the platform's standard settings (WAL archiving included). Restore and its tests use it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup.errors';
import { runTool } from './pg-tools';

export const CRM_INFRA = path.resolve(__dirname, '../../../infra/local/crm-infra');

export interface LocalCluster {
  readonly dataDir: string;
  readonly port: number;
}

function infraEnv(cluster: LocalCluster): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CRM_DATA_DIR: cluster.dataDir,
    CRM_PG_PORT: String(cluster.port),
    // Recovery replays WAL before the cluster accepts connections: allow for a long replay.
    CRM_INFRA_TIMEOUT: process.env.CRM_INFRA_TIMEOUT ?? '3600',
  };
  delete env.CRM_POSTGRES_URL; // recomputed by crm-infra from the port
  return env;
}

export async function startCluster(cluster: LocalCluster): Promise<void> {
  if (!existsSync(CRM_INFRA)) throw new BackupError('TOOL_FAILED', `${CRM_INFRA} not found`);
  await runTool(CRM_INFRA, ['up', 'postgres'], { env: infraEnv(cluster) });
}

export async function stopCluster(cluster: LocalCluster): Promise<void> {
  await runTool(CRM_INFRA, ['down', 'postgres'], { env: infraEnv(cluster) });
}

/** The URL of `database` in the cluster, as the local app role (infra/local/env.sh). */
export function clusterUrl(cluster: LocalCluster, database: string, env = process.env): string {
  const user = env.CRM_PG_USER ?? 'crm';
  const password = env.CRM_PG_PASSWORD ?? 'crm';
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${cluster.port}/${database}`;
}

/** Where crm-infra keeps the cluster's data, archived WAL of a data folder. */
export const pgDataDir = (dataDir: string): string => path.join(dataDir, 'postgres', 'data');
export const walArchiveDir = (dataDir: string): string =>
  path.join(dataDir, 'postgres', 'wal-archive');
