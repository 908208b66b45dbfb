// `audit who <streamId> [--field <path>]`: who changed what and when — every event of the stream
// with its actor, correlation and causation ids and the payload fields it set; with --field, only
// the events that set that field, and the value they set it to.
import type { EventEnvelope } from '@crm/event-sourcing';
import { auditorView } from '../auditor-event-store';
import { withEventStore, type CliContext } from '../cli-context';
import { printJson, printTable } from '../output';
import { EVENT_HEAD, eventRow, streamIdArgument } from './state.command';

export interface WhoOptions {
  readonly field?: string;
  readonly tenant?: string;
  readonly decrypt?: boolean;
  readonly json?: boolean;
}

/** Leaf paths of a payload (`address.city`); an encrypted value counts as one leaf. */
function fieldPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || '$enc' in value)
    return prefix ? [prefix] : [];
  return Object.entries(value).flatMap(([key, inner]) =>
    fieldPaths(inner, prefix ? `${prefix}.${key}` : key),
  );
}

function valueAt(data: unknown, path: string): unknown {
  let current = data;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export interface Change {
  readonly event: EventEnvelope;
  readonly fields: readonly string[];
  readonly value?: unknown;
}

export async function whoCommand(
  ctx: CliContext,
  streamId: string,
  options: WhoOptions,
): Promise<number> {
  streamIdArgument(streamId);
  const events = await withEventStore(ctx.config, async (raw) => {
    const store = auditorView(ctx, raw, options.decrypt ?? false);
    const all: EventEnvelope[] = [];
    for (let fromVersion = 1; ;) {
      const page = await store.readStream(streamId, {
        fromVersion,
        maxCount: 1000,
        ...(options.tenant ? { tenantId: options.tenant } : {}),
      });
      all.push(...page.events);
      if (page.events.length < 1000) return all;
      fromVersion = page.events[page.events.length - 1]!.streamVersion + 1;
    }
  });
  const field = options.field;
  const changes: Change[] = events
    .map((event) => ({ event, fields: fieldPaths(event.data) }))
    .filter((c) => !field || c.fields.some((f) => f === field || f.startsWith(`${field}.`)))
    .map((c) => (field ? { ...c, value: valueAt(c.event.data, field) } : c));
  if (options.json) {
    printJson(
      ctx.io.stdout,
      changes.map((c) => ({
        globalPosition: c.event.globalPosition,
        streamVersion: c.event.streamVersion,
        occurredAt: c.event.occurredAt,
        type: c.event.type,
        actor: c.event.actor,
        correlationId: c.event.correlationId,
        causationId: c.event.causationId,
        fields: c.fields,
        ...(field ? { value: c.value } : {}),
      })),
    );
  } else {
    printTable(
      ctx.io.stdout,
      [...EVENT_HEAD, field ? field : 'fields'],
      changes.map((c) => [...eventRow(c.event), field ? c.value : c.fields.join(', ')]),
    );
  }
  return 0;
}
