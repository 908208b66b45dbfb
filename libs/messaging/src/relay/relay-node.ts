// One relay process: competes for leadership, and while leader provisions the topics and runs the
// relay; meanwhile it measures lag (store head − checkpoint) for /health. Standbys measure lag too
// (from the shared checkpoint row), so any instance tells an operator how far behind Kafka is.
import type { Kafka } from 'kafkajs';
import { Backoff, errorMessage, sleep } from '../backoff';
import { AdvisoryLockLeaderElection } from '../leadership/advisory-lock-leader-election';
import type { LeaderRole } from '../leadership/advisory-lock-leader-election';
import type { TopicProvisioner } from '../topics/topic-provisioner';
import { KafkaRelay } from './kafka-relay';
import type { KafkaRelayOptions, RelayStatus } from './kafka-relay';
import type { Queryable, RelayCheckpointRepository } from './relay-checkpoint.repository';
import { ensureRelaySchema } from './relay-checkpoint.repository';
import type { StoreHead } from './store-head';

export interface RelayNodeOptions extends Omit<KafkaRelayOptions, 'kafka'> {
  readonly kafka: Kafka;
  readonly postgresUrl: string;
  /** A pool (not the lock connection) for lag reads and the schema check. */
  readonly db: Queryable;
  readonly storeHead: StoreHead;
  readonly checkpoints: RelayCheckpointRepository;
  readonly provisioner: TopicProvisioner;
  /** Topics to provision as soon as this instance leads (all published contexts). */
  readonly topicsAtStartup: readonly string[];
  readonly leaderPollIntervalMs?: number;
  readonly leaderHeartbeatIntervalMs?: number;
  readonly lagIntervalMs?: number;
}

export interface RelayHealth {
  readonly role: LeaderRole;
  readonly relay: RelayStatus;
  readonly storeHead: number | undefined;
  readonly checkpoint: number | undefined;
  /** storeHead − checkpoint: events committed to the store but not yet acknowledged by Kafka. */
  readonly lag: number | undefined;
  readonly lagMeasuredAt: string | undefined;
  readonly lastError: string | undefined;
}

export class RelayNode {
  private readonly relay: KafkaRelay;
  private readonly election: AdvisoryLockLeaderElection;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private lag: Pick<RelayHealth, 'storeHead' | 'checkpoint' | 'lag' | 'lagMeasuredAt'> = {
    storeHead: undefined,
    checkpoint: undefined,
    lag: undefined,
    lagMeasuredAt: undefined,
  };
  private lastError: string | undefined;

  constructor(private readonly options: RelayNodeOptions) {
    this.relay = new KafkaRelay(options);
    this.election = new AdvisoryLockLeaderElection({
      connectionString: options.postgresUrl,
      lockName: `crm.relay:${options.checkpoints.relayName}`,
      logger: options.logger,
      ...(options.leaderPollIntervalMs !== undefined
        ? { pollIntervalMs: options.leaderPollIntervalMs }
        : {}),
      ...(options.leaderHeartbeatIntervalMs !== undefined
        ? { heartbeatIntervalMs: options.leaderHeartbeatIntervalMs }
        : {}),
    });
  }

  get role(): LeaderRole {
    return this.election.role;
  }

  /** Creates the checkpoint table if needed, then runs in the background until stop(). */
  async start(): Promise<void> {
    await ensureRelaySchema(this.options.db);
    const signal = this.stopping.signal;
    this.running = Promise.all([
      this.election.run((session) => this.lead(session.client, session.lost), signal),
      this.measureLag(signal),
    ]).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  health(): RelayHealth {
    return {
      role: this.election.role,
      relay: this.relay.status(),
      ...this.lag,
      lastError: this.lastError ?? this.relay.status().lastError,
    };
  }

  private async lead(db: Queryable, lost: AbortSignal): Promise<void> {
    const backoff = new Backoff({ initialDelayMs: 500, maxDelayMs: 10_000 });
    while (!lost.aborted) {
      try {
        await this.options.provisioner.ensure(this.options.topicsAtStartup);
        await this.relay.run(db, lost);
        this.lastError = undefined;
        return;
      } catch (error) {
        this.lastError = errorMessage(error);
        if (lost.aborted) return;
        const delay = backoff.next();
        this.options.logger.error(
          { err: this.lastError, retryInMs: delay },
          'relay failed; restarting from the checkpoint',
        );
        await sleep(delay, lost);
        // A failed checkpoint write usually means the lock connection died: let the election decide.
        await db.query('SELECT 1').catch(() => undefined);
      }
    }
  }

  private async measureLag(signal: AbortSignal): Promise<void> {
    const intervalMs = this.options.lagIntervalMs ?? 2000;
    while (!signal.aborted) {
      try {
        const [head, checkpoint] = await Promise.all([
          this.options.storeHead.position(),
          this.options.checkpoints.load(this.options.db),
        ]);
        // The leader's in-memory checkpoint is fresher than the row it wrote a moment ago.
        const current = Math.max(checkpoint.position, this.relay.status().checkpoint);
        this.lag = {
          storeHead: head,
          checkpoint: current,
          lag: Math.max(0, head - current),
          lagMeasuredAt: new Date().toISOString(),
        };
      } catch (error) {
        this.options.logger.warn({ err: errorMessage(error) }, 'could not measure relay lag');
      }
      await sleep(intervalMs, signal);
    }
  }
}
