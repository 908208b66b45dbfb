// `audit state <streamId> --as-of <time|position>`: the aggregate as it was then, and the events
// that led there (a stream prefix: loadStateAt stops at the first later event).
import { loadStateAt, parseStreamId, type EventEnvelope } from '@crm/event-sourcing';
import { foldableAggregate } from '@crm/audit-aggregates';
import { auditorView } from '../auditor-event-store';
import { AuditCliError, withEventStore, type CliContext } from '../cli-context';
import { parseLogBound } from '../log-bounds';
import { printJson, printTable } from '../output';

export interface StateOptions {
  readonly asOf: string;
  readonly tenant?: string;
  readonly decrypt?: boolean;
  readonly json?: boolean;
}

export function streamIdArgument(streamId: string): string {
  try {
    parseStreamId(streamId);
  } catch {
    throw new AuditCliError(
      `${JSON.stringify(streamId)} is not a stream id (<context>.<Aggregate>-<id>)`,
    );
  }
  return streamId;
}

export function eventRow(e: EventEnvelope): unknown[] {
  const actor = e.actor.kind === 'user' ? `user ${e.actor.userId}` : `system ${e.actor.name}`;
  return [
    e.globalPosition,
    e.streamVersion,
    e.occurredAt,
    e.type,
    actor,
    e.correlationId,
    e.causationId,
  ];
}
export const EVENT_HEAD = [
  'position',
  'version',
  'occurredAt',
  'type',
  'actor',
  'correlation',
  'causation',
];

export async function stateCommand(
  ctx: CliContext,
  streamId: string,
  options: StateOptions,
): Promise<number> {
  streamIdArgument(streamId);
  const bound = parseLogBound('--as-of', options.asOf);
  const at = 'position' in bound ? { globalPosition: bound.position } : { time: bound.time };
  const result = await withEventStore(ctx.config, async (raw) => {
    const store = auditorView(ctx, raw, options.decrypt ?? false);
    const aggregate = foldableAggregate(streamId);
    const tenant = options.tenant ? { tenantId: options.tenant } : {};
    // The events that led there are exactly the ones folded: kept as the fold meets them, so
    // the stream is read once.
    const events: EventEnvelope[] = [];
    const folded = await loadStateAt(
      store,
      aggregate?.decider ?? { initialState: null, evolve: () => null },
      streamId,
      at,
      {
        ...tenant,
        toDomainEvent: (envelope: EventEnvelope) => {
          events.push(envelope);
          return aggregate ? aggregate.toDomainEvent(envelope) : null;
        },
      },
    );
    return {
      streamId,
      asOf: bound,
      version: folded.version,
      state: aggregate ? folded.state : null,
      stateKnown: aggregate !== undefined,
      events,
    };
  });
  if (options.json) printJson(ctx.io.stdout, result);
  else {
    ctx.io.stdout.write(`${streamId} as of ${JSON.stringify(bound)}: version ${result.version}\n`);
    ctx.io.stdout.write(
      result.stateKnown
        ? `${JSON.stringify(result.state, null, 2)}\n`
        : 'state: no decider for this category in the audit tool; the events are listed below\n',
    );
    printTable(ctx.io.stdout, EVENT_HEAD, result.events.map(eventRow));
  }
  return 0;
}
