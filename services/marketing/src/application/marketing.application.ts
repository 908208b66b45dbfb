// The Marketing write side: every use case loads, decides and appends through the core's command
// handler (optimistic concurrency, retries, idempotency keys); no business rule lives here. Sending
// a campaign is in campaign-sending.ts.
import { createHash } from 'node:crypto';
import type { ServiceCaller } from '@crm/access-policy';
import {
  CommandHandler,
  TenantMismatchError,
  canonicalJson,
  loadAggregate,
  type Actor,
  type CommandResult as StoreCommandResult,
  type Decider,
  type DomainEvent,
  type EventStore,
  type RuntimeDependencies,
} from '@crm/event-sourcing';
import {
  RecordNotFoundError,
  campaignDecider,
  campaignStreamId,
  segmentDecider,
  segmentStreamId,
  subscriptionDecider,
  subscriptionStreamId,
  templateDecider,
  templateStreamId,
  type CampaignCommand,
  type MarketingAggregate,
  type SegmentCommand,
  type TemplateCommand,
  type Unsubscribe,
} from '@crm/marketing-domain';
import { v5 as uuidv5 } from 'uuid';

/** Who asks (verified from the token), and how to trace and de-duplicate the request. */
export interface RequestMeta {
  readonly caller: ServiceCaller;
  readonly tenantId: string;
  readonly correlationId: string;
  readonly idempotencyKey?: string;
}

export interface CommandOutcome {
  readonly aggregateId: string;
  readonly streamVersion: number;
  readonly replayed: boolean;
  readonly createdId?: string;
  readonly eventTypes: readonly string[];
  readonly correlationId: string;
  /** Read your own writes: the global position a read model must have applied (ADR 0090). */
  readonly globalPosition: number;
}

const ID_NAMESPACE = '8d7c6b5a-4938-4271-9e0f-a1b2c3d4e5f6';

/** `data` minus the decision time: what makes two commands "the same" for an idempotency key. */
function fingerprint(streamId: string, command: { type: string; data: object }): string {
  const { now: _now, ...data } = command.data as Record<string, unknown>;
  return createHash('sha256')
    .update(canonicalJson({ streamId, type: command.type, data }))
    .digest('hex');
}

function actorOf(caller: ServiceCaller): Actor {
  return caller.actor.kind === 'user'
    ? { kind: 'user', userId: caller.actor.userId, roles: [...caller.roles] }
    : { kind: 'system', name: caller.actor.name };
}

export class MarketingApplication {
  constructor(
    private readonly store: EventStore,
    private readonly runtime: RuntimeDependencies,
    private readonly maxRetries = 3,
  ) {}

  now(): string {
    return this.runtime.now().toISOString();
  }

  randomId(): string {
    return this.runtime.newId();
  }

  /** An id for what the request creates; derived from the idempotency key so a retry decides the same command. */
  newId(meta: RequestMeta, purpose: string): string {
    return meta.idempotencyKey
      ? uuidv5(`${meta.tenantId}\0${purpose}\0${meta.idempotencyKey}`, ID_NAMESPACE)
      : this.randomId();
  }

  segment(meta: RequestMeta, command: SegmentCommand, createdId?: string) {
    const id = command.data.segmentId;
    return this.execute(
      meta,
      segmentDecider,
      segmentStreamId(id),
      command,
      id,
      'segment',
      createdId,
    );
  }

  template(meta: RequestMeta, command: TemplateCommand, createdId?: string) {
    const id = command.data.templateId;
    return this.execute(
      meta,
      templateDecider,
      templateStreamId(id),
      command,
      id,
      'template',
      createdId,
    );
  }

  campaign(
    meta: RequestMeta,
    command: CampaignCommand,
    createdId?: string,
    idempotencyKey?: string,
  ) {
    const id = command.data.campaignId;
    return this.execute(
      idempotencyKey === undefined ? meta : { ...meta, idempotencyKey },
      campaignDecider,
      campaignStreamId(id),
      command,
      id,
      'campaign',
      createdId,
    );
  }

  unsubscribe(meta: RequestMeta, command: Unsubscribe) {
    const id = command.data.customerId;
    return this.execute(meta, subscriptionDecider, subscriptionStreamId(id), command, id);
  }

  loadSegment(meta: RequestMeta, id: string) {
    return this.loadState(meta, segmentDecider, segmentStreamId(id));
  }

  loadTemplate(meta: RequestMeta, id: string) {
    return this.loadState(meta, templateDecider, templateStreamId(id));
  }

  loadCampaign(meta: RequestMeta, id: string) {
    return this.loadState(meta, campaignDecider, campaignStreamId(id));
  }

  async isUnsubscribed(meta: RequestMeta, customerId: string): Promise<boolean> {
    const state = await this.loadState(meta, subscriptionDecider, subscriptionStreamId(customerId));
    return state.unsubscribed;
  }

  private async loadState<S, E>(
    meta: RequestMeta,
    decider: Pick<Decider<S, never, E>, 'evolve' | 'initialState'>,
    streamId: string,
  ): Promise<S> {
    try {
      return (await loadAggregate(this.store, decider, streamId, { tenantId: meta.tenantId }))
        .state;
    } catch (error) {
      // Another tenant's record does not exist for this tenant.
      if (error instanceof TenantMismatchError) return decider.initialState;
      throw error;
    }
  }

  private async execute<S, C extends { type: string; data: object }, E extends DomainEvent>(
    meta: RequestMeta,
    decider: Decider<S, C, E>,
    streamId: string,
    command: C,
    aggregateId: string,
    aggregate?: MarketingAggregate,
    createdId?: string,
  ): Promise<CommandOutcome> {
    const handler = new CommandHandler({
      decider,
      store: this.store,
      runtime: this.runtime,
      maxRetries: this.maxRetries,
      fingerprint,
    });
    let result: StoreCommandResult;
    try {
      result = await handler.handle(streamId, command, {
        tenantId: meta.tenantId,
        actor: actorOf(meta.caller),
        correlationId: meta.correlationId,
        ...(meta.idempotencyKey
          ? { idempotencyKey: `marketing:${command.type}:${aggregateId}:${meta.idempotencyKey}` }
          : {}),
      });
    } catch (error) {
      if (error instanceof TenantMismatchError && aggregate)
        throw new RecordNotFoundError(aggregate, aggregateId);
      throw error;
    }
    const positions = result.events.map((e) => e.globalPosition);
    return {
      aggregateId,
      streamVersion: result.nextExpectedVersion,
      replayed: result.replayed || result.events.length === 0,
      ...(createdId !== undefined ? { createdId } : {}),
      eventTypes: result.events.map((e) => e.type),
      correlationId: result.events[0]?.correlationId ?? meta.correlationId,
      globalPosition:
        positions.length > 0
          ? Math.max(...positions)
          : ((
              await this.store.readStream(result.streamId, {
                direction: 'backwards',
                maxCount: 1,
                tenantId: meta.tenantId,
              })
            ).events[0]?.globalPosition ?? 0),
    };
  }
}
