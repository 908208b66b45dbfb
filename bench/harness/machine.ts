// What the figures were measured on. Versions are asked from the running servers (not from
// configuration) so the JSON describes what actually answered.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { Client } from 'pg';
import type { Connections } from './connections';
import { infraServerPid } from './process-cpu';

export interface MachineInfo {
  readonly hostname: string;
  readonly os: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly loadAverageAtStart: number[];
  readonly node: string;
  readonly postgres: string;
  readonly kafka: string;
  readonly mongo: string;
}

export async function machineInfo(connections: Connections): Promise<MachineInfo> {
  const cpus = os.cpus();
  const [postgres, kafka, mongo] = await Promise.all([
    postgresVersion(connections.postgresUrl),
    kafkaVersion(connections.kafkaBrokers),
    mongoVersion(connections.mongoUrl),
  ]);
  return {
    hostname: os.hostname(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    postgres,
    kafka,
    mongo,
  };
}

async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0]?.server_version ?? '?'}`;
  } catch (error) {
    return `unreachable (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// The Kafka protocol does not report a release number, so it is read from the running broker's
// class path (the jars crm-infra put there); the broker's id/reachability is checked via kafkajs.
async function kafkaVersion(brokers: readonly string[]): Promise<string> {
  const admin = new Kafka({
    clientId: 'crm-bench-machine',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  }).admin();
  let reachable = false;
  try {
    await admin.connect();
    await admin.describeCluster();
    reachable = true;
  } catch {
    reachable = false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  if (!reachable) return 'unreachable';
  return `Apache Kafka ${versionFromInfraProcess('kafka', /kafka(?:-clients)?-(\d+\.\d+\.\d+)/) ?? 'unknown release'}`;
}

/** A version number read from the command line of a server crm-infra started (its pid file). */
function versionFromInfraProcess(server: 'kafka' | 'mongo', pattern: RegExp): string | undefined {
  const pid = infraServerPid(server);
  if (pid === undefined) return undefined; // not started by crm-infra here, or a stale pid file
  try {
    return pattern.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1];
  } catch {
    return undefined; // it exited meanwhile
  }
}

async function mongoVersion(url: string): Promise<string> {
  const connection = mongoose.createConnection(url, { serverSelectionTimeoutMS: 5000 });
  try {
    await connection.asPromise();
    const info = await connection.db!.admin().command({ buildInfo: 1 });
    const server = versionFromInfraProcess('mongo', /mongo-java-server-(\d+\.\d+\.\d+)/);
    return `MongoDB wire protocol, reports ${String(info['version'])}${server ? ` (mongo-java-server ${server})` : ''}`;
  } catch (error) {
    return `unreachable (${(error as Error).message})`;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
