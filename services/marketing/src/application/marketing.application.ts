// The Marketing write side: every use case loads, decides and appends through the core's command
// handler (optimistic concurrency, retries, idempotency keys); no business rule lives here. Sending
// a campaign is in campaign-sending.ts.
import {
  CommandHandler,
  type Decider,
  type DomainEvent,
  type EventStore,
  type RuntimeDependencies,
} from '@crm/event-sourcing';
import {
  executeCommand,
  loadStateForTenant,
  fingerprintWithout,
  type CommandOutcome,
  type RequestMeta,
} from '@crm/grpc-service';
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
  type SuppressAddress,
  type Unsubscribe,
  segmentMembershipDecider,
  segmentMembershipStreamId,
  type ReconcileMembership,
  rfmModelDecider,
  rfmModelStreamId,
  type SetRfmCutOffs,
} from '@crm/marketing-domain';
import { v5 as uuidv5 } from 'uuid';

export type { CommandOutcome, RequestMeta } from '@crm/grpc-service';

const ID_NAMESPACE = '8d7c6b5a-4938-4271-9e0f-a1b2c3d4e5f6';

/** `data` minus the decision time: what makes two commands "the same" for an idempotency key. */
const fingerprint = fingerprintWithout('now');

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

  unsubscribe(meta: RequestMeta, command: Unsubscribe | SuppressAddress) {
    const id = command.data.customerId;
    return this.execute(meta, subscriptionDecider, subscriptionStreamId(id), command, id);
  }

  /** Records who entered and left a segment (the membership reconciliation). */
  membership(meta: RequestMeta, command: ReconcileMembership) {
    const id = command.data.segmentId;
    return this.execute(meta, segmentMembershipDecider, segmentMembershipStreamId(id), command, id);
  }

  /** Sets a currency's RFM cut-offs (the nightly quintiles, or configured). */
  rfmModel(meta: RequestMeta, command: SetRfmCutOffs) {
    const id = `${meta.tenantId}-${command.data.currency}`;
    return this.execute(
      meta,
      rfmModelDecider,
      rfmModelStreamId(meta.tenantId, command.data.currency),
      command,
      id,
    );
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

  /** The customer's unsubscribe and suppressed addresses, checked at send time. */
  loadSubscription(meta: RequestMeta, customerId: string) {
    return this.loadState(meta, subscriptionDecider, subscriptionStreamId(customerId));
  }

  /** A command on another marketing decider (journeys, attribution), through the same path. */
  run<S, C extends { type: string; data: object }, E extends DomainEvent>(
    meta: RequestMeta,
    decider: Decider<S, C, E>,
    streamId: string,
    command: C,
    aggregateId: string,
    createdId?: string,
  ): Promise<CommandOutcome> {
    return this.execute(meta, decider, streamId, command, aggregateId, undefined, createdId);
  }

  /** The state of another marketing stream (journeys, attribution), of the caller's tenant only. */
  load<S, E>(
    meta: RequestMeta,
    decider: Pick<Decider<S, never, E>, 'evolve' | 'initialState'>,
    streamId: string,
  ): Promise<S> {
    return this.loadState(meta, decider, streamId);
  }

  private loadState<S, E>(
    meta: RequestMeta,
    decider: Pick<Decider<S, never, E>, 'evolve' | 'initialState'>,
    streamId: string,
  ): Promise<S> {
    return loadStateForTenant(this.store, decider, streamId, meta.tenantId);
  }

  private execute<S, C extends { type: string; data: object }, E extends DomainEvent>(
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
    return executeCommand({
      handler,
      store: this.store,
      meta,
      streamId,
      command,
      aggregateId,
      ...(createdId !== undefined ? { createdId } : {}),
      idempotencyScope: `marketing:${command.type}:${aggregateId}`,
      ...(aggregate ? { notFound: () => new RecordNotFoundError(aggregate, aggregateId) } : {}),
    });
  }
}
