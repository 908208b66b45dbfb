// The routing write side: routing decisions of a tenant are decided and appended on its routing
// stream (run-command.ts), so two tickets opened at once never both take an agent's last slot.
import {
  routingDecider,
  routingStreamId,
  type RoutingCommand,
  type RoutingEvent,
  type RoutingState,
} from '@crm/service-desk-domain';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import {
  decidingOnce,
  runCommand,
  type CommandOutcome,
  type RequestMeta,
} from '../application/run-command';

export class RoutingApplication {
  constructor(
    private readonly store: EventStore,
    private readonly runtime: RuntimeDependencies,
    private readonly maxRetries = 3,
  ) {}

  async execute(meta: RequestMeta, build: (at: string) => RoutingCommand): Promise<CommandOutcome> {
    const command = build(this.runtime.now().toISOString());
    const request = { rpc: command.type, fields: { ticketId: command.data.ticketId } };
    return runCommand({
      store: this.store,
      runtime: this.runtime,
      maxRetries: this.maxRetries,
      decider: decidingOnce<RoutingState, RoutingCommand, RoutingEvent, typeof request>(
        routingDecider,
        command,
      ),
      meta,
      streamId: routingStreamId(meta.tenantId),
      aggregateId: meta.tenantId,
      request,
      notFound: () => new Error(`the routing of tenant ${meta.tenantId} is not readable`),
    });
  }
}
