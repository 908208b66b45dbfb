// Connection strings of the local servers. The defaults live in ONE place (infra/local/env.sh);
// rather than repeating them here we ask `crm-infra env` for whatever the environment does not set.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface Connections {
  readonly postgresUrl: string;
  readonly kafkaBrokers: readonly string[];
  readonly mongoUrl: string;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function loadConnections(env: NodeJS.ProcessEnv = process.env): Connections {
  let postgres = env['CRM_POSTGRES_URL'];
  let kafka = env['CRM_KAFKA_BROKERS'];
  let mongo = env['CRM_MONGO_URL'];
  if (!postgres || !kafka || !mongo) {
    const defaults = infraDefaults();
    postgres ??= defaults['CRM_POSTGRES_URL'];
    kafka ??= defaults['CRM_KAFKA_BROKERS'];
    mongo ??= defaults['CRM_MONGO_URL'];
  }
  if (!postgres || !kafka || !mongo) {
    throw new Error(
      'CRM_POSTGRES_URL, CRM_KAFKA_BROKERS and CRM_MONGO_URL are needed (see `infra/local/crm-infra env`)',
    );
  }
  return {
    postgresUrl: postgres,
    kafkaBrokers: kafka.split(',').map((b) => b.trim()),
    mongoUrl: mongo,
  };
}

function infraDefaults(): Record<string, string> {
  const script = path.join(REPO_ROOT, 'infra', 'local', 'crm-infra');
  const out = execFileSync(script, ['env'], { encoding: 'utf8' });
  const values: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const match = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!.replace(/^['"]|['"]$/g, '');
  }
  return values;
}

/** The same server URL pointing at another database (bench data never goes to the shared ones). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
