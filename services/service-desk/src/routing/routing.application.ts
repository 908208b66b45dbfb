// The routing write side: routing decisions of a tenant are decided and appended on its routing
// stream (run-command.ts), so two tickets opened at once never both take an agent's last slot.
import { routingDecider, routingStreamId, type RoutingCommand } from '@crm/service-desk-domain';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import {
  runDomainCommand,
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
    return runDomainCommand({
      store: this.store,
      runtime: this.runtime,
      maxRetries: this.maxRetries,
      decider: routingDecider,
      command,
      meta,
      streamId: routingStreamId(meta.tenantId),
      aggregateId: meta.tenantId,
      request: { rpc: command.type, fields: { ticketId: command.data.ticketId } },
      notFound: () => new Error(`the routing of tenant ${meta.tenantId} is not readable`),
    });
  }
}
