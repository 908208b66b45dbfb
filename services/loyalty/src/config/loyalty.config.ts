// The one configuration schema of the Loyalty service, validated once at boot. Every problem is
// reported at once, each naming its variable; the service token public key has no default.
import { readContextServiceConfig, type ContextServiceConfig } from '@crm/grpc-service';
import { ConfigError, EnvReader, type Env } from '@crm/messaging';

export interface LoyaltyConfig extends ContextServiceConfig {
  /** Runs the reactors on sales and customers events in this process. */
  readonly reactors: boolean;
  /** Runs the expiry and reminder timers in this process. */
  readonly timers: boolean;
  /** A member snapshot is taken every this many events of its stream (ADR 0223); 0 turns them off. */
  readonly memberSnapshotEvery: number;
}

export function loadLoyaltyConfig(env: Env = process.env): LoyaltyConfig {
  const read = new EnvReader(env);
  const base = readContextServiceConfig(read, env, {
    prefix: 'CRM_LOYALTY',
    grpcPort: 50054,
    healthPort: 9454,
    pgPoolSize: 16,
  });
  const reactors = read.oneOf('CRM_LOYALTY_REACTORS', 'on', ['on', 'off'] as const) === 'on';
  const timers = read.oneOf('CRM_LOYALTY_TIMERS', 'on', ['on', 'off'] as const) === 'on';
  const memberSnapshotEvery = read.integer('CRM_LOYALTY_MEMBER_SNAPSHOT_EVERY', 100, 0, 1_000_000);
  if (read.problems.length > 0 || !base.serviceTokenPublicKey)
    throw new ConfigError('loyalty', read.problems);
  return {
    ...base,
    serviceTokenPublicKey: base.serviceTokenPublicKey,
    reactors,
    timers,
    memberSnapshotEvery,
  };
}
