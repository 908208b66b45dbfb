// Leader election with a PostgreSQL session advisory lock held on a dedicated connection: the
// leader is whoever holds the lock; PostgreSQL releases it the moment that session ends (process
// killed, connection cut, server restarted), and a standby polling pg_try_advisory_lock takes
// over. No lease clock, no extra server. The leader treats any trouble on its lock connection as
// lost leadership and stops at once; it also writes its checkpoint through that same connection,
// so a deposed leader cannot move the shared checkpoint (fencing).
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { ClientConfig } from 'pg';
import { Backoff, errorMessage, sleep } from '../backoff';
import type { Logger } from '../logger';

export interface LeaderElectionOptions {
  readonly connectionString: string;
  /** Everyone competing for the same name elects one leader, e.g. `crm.relay:default`. */
  readonly lockName: string;
  /** How often a standby tries to take the lock. */
  readonly pollIntervalMs?: number;
  /** How often the leader checks that its lock session is alive. */
  readonly heartbeatIntervalMs?: number;
  readonly logger: Logger;
  readonly clientConfig?: Omit<ClientConfig, 'connectionString'>;
}

export interface LeaderSession {
  /** The connection that holds the lock. Use it for writes that only the leader may make. */
  readonly client: Client;
  /** Aborts when leadership is lost or the election is stopped. */
  readonly lost: AbortSignal;
}

export type LeaderRole = 'starting' | 'standby' | 'leader' | 'stopped';

export class AdvisoryLockLeaderElection {
  private currentRole: LeaderRole = 'starting';
  private readonly keys: readonly [number, number];

  constructor(private readonly options: LeaderElectionOptions) {
    this.keys = advisoryLockKeys(options.lockName);
  }

  get role(): LeaderRole {
    return this.currentRole;
  }

  /**
   * Competes for leadership until `signal` aborts. Each time this process wins, `lead` runs; it
   * must return (or throw) soon after `session.lost` aborts. Resolves once stopped.
   */
  async run(lead: (session: LeaderSession) => Promise<void>, signal: AbortSignal): Promise<void> {
    const backoff = new Backoff({ initialDelayMs: 250, maxDelayMs: 5000 });
    const log = this.options.logger;
    while (!signal.aborted) {
      let client: Client | undefined;
      try {
        client = await this.connect();
        this.currentRole = 'standby';
        const won = await this.waitForLock(client, signal);
        if (!won) break;
        backoff.reset();
        this.currentRole = 'leader';
        log.info({ lock: this.options.lockName }, 'elected leader');
        await this.lead(client, lead, signal);
        if (!signal.aborted)
          log.warn({ lock: this.options.lockName }, 'leadership ended; competing again');
      } catch (error) {
        if (signal.aborted) break;
        const delay = backoff.next();
        log.warn(
          { err: errorMessage(error), retryInMs: delay },
          'leader election: connection trouble; retrying',
        );
        await sleep(delay, signal);
      } finally {
        this.currentRole = signal.aborted ? 'stopped' : 'standby';
        // Ending the session releases the lock if we held it.
        await client?.end().catch(() => undefined);
      }
    }
    this.currentRole = 'stopped';
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      keepAlive: true,
      connectionTimeoutMillis: 5000,
      ...this.options.clientConfig,
      connectionString: this.options.connectionString,
      application_name: `leader:${this.options.lockName}`.slice(0, 63),
    });
    // Errors surface through the queries below; an unhandled 'error' event would kill the process.
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  private async waitForLock(client: Client, signal: AbortSignal): Promise<boolean> {
    const pollIntervalMs = this.options.pollIntervalMs ?? 1000;
    for (;;) {
      if (signal.aborted) return false;
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS locked',
        [...this.keys],
      );
      if (rows[0]?.locked) return true;
      await sleep(pollIntervalMs, signal);
    }
  }

  private async lead(
    client: Client,
    lead: (session: LeaderSession) => Promise<void>,
    signal: AbortSignal,
  ): Promise<void> {
    const lost = new AbortController();
    const onStop = (): void => lost.abort(new Error('election stopped'));
    signal.addEventListener('abort', onStop, { once: true });
    // Stopped while the lock was being taken: the 'abort' event is already past.
    if (signal.aborted) onStop();
    const onConnectionTrouble = (error?: Error): void => {
      if (!lost.signal.aborted)
        this.options.logger.error({ err: error?.message }, 'lock connection lost: stepping down');
      lost.abort(new Error('lock connection lost'));
    };
    client.on('error', onConnectionTrouble);
    client.on('end', () => onConnectionTrouble());
    const heartbeat = this.heartbeat(client, lost);
    try {
      await lead({ client, lost: lost.signal });
    } finally {
      lost.abort(new Error('leader finished'));
      signal.removeEventListener('abort', onStop);
      await heartbeat;
    }
  }

  // A half-open TCP connection produces no 'error' until someone writes to it, so the leader
  // asks PostgreSQL regularly whether its session (and so its lock) still exists.
  private async heartbeat(client: Client, lost: AbortController): Promise<void> {
    const intervalMs = this.options.heartbeatIntervalMs ?? 1000;
    while (!lost.signal.aborted) {
      await sleep(intervalMs, lost.signal);
      if (lost.signal.aborted) return;
      try {
        const { rows } = await client.query<{ held: boolean }>(
          `SELECT count(*) > 0 AS held FROM pg_locks
            WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
              AND objsubid = 2 AND classid = $1::int4::oid AND objid = $2::int4::oid`,
          [...this.keys],
        );
        if (!rows[0]?.held) throw new Error('advisory lock no longer held');
      } catch (error) {
        this.options.logger.error(
          { err: errorMessage(error) },
          'leader heartbeat failed: stepping down',
        );
        lost.abort(error);
        return;
      }
    }
  }
}

/** Two int4 keys derived from the name (pg_try_advisory_lock(int4, int4) keeps apart from bigint locks). */
export function advisoryLockKeys(name: string): [number, number] {
  const digest = createHash('sha256').update(name).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}
