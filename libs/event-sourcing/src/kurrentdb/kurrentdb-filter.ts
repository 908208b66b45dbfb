// GlobalLogFilter → KurrentDB server-side filter + the exact client-side predicate.
//
// KurrentDB filters $all on the server by stream name OR event type (one of them, by prefixes or a
// regex). The adapter sends the most selective one it can express and then applies the whole
// filter again on the client, so the result is exact whatever the server matched:
//   categories  → stream-name prefixes `<context>.<Aggregate>-`
//   contexts    → stream-name prefixes `<context>.`
//   eventTypes  → event-type regex `^(?:a|b)$`
//   otherwise   → stream-name regex of platform stream ids (skips `$`-system streams and the
//                 adapter's own bookkeeping streams without sending them over the wire)
// Tenants and time ranges are not visible to the server's filter and are client-side only.
import { eventTypeFilter, streamNameFilter, type Filter } from '@kurrent/kurrentdb-client';
import type { EventEnvelope } from '../envelope';
import type { GlobalLogFilter } from '../event-store';
import { tryParseStreamId } from '../stream-id';

/** Matches the start of every platform stream id `<context>.<Aggregate>-<id>`. */
export const PLATFORM_STREAM_REGEX = '^[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[A-Z][A-Za-z0-9]*-';

export type ServerFilterSpec =
  | { readonly on: 'streamName'; readonly prefixes: readonly string[] }
  | { readonly on: 'streamName'; readonly regex: string }
  | { readonly on: 'eventType'; readonly regex: string };

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** The server-side part, as plain data (what the unit tests check). */
export function serverFilterSpec(filter: GlobalLogFilter = {}): ServerFilterSpec {
  if (filter.categories && filter.categories.length > 0) {
    return { on: 'streamName', prefixes: filter.categories.map((c) => `${c}-`) };
  }
  if (filter.contexts && filter.contexts.length > 0) {
    return { on: 'streamName', prefixes: filter.contexts.map((c) => `${c}.`) };
  }
  if (filter.eventTypes && filter.eventTypes.length > 0) {
    return { on: 'eventType', regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$` };
  }
  return { on: 'streamName', regex: PLATFORM_STREAM_REGEX };
}

export interface ServerFilterOptions {
  readonly checkpointInterval?: number;
  readonly maxSearchWindow?: number;
  readonly checkpointReached?: Filter['checkpointReached'];
}

/** The client library's filter object for `readAll` / `subscribeToAll`. */
export function toServerFilter(spec: ServerFilterSpec, options: ServerFilterOptions = {}): Filter {
  const common = {
    ...(options.checkpointInterval !== undefined
      ? { checkpointInterval: options.checkpointInterval }
      : {}),
    ...(options.maxSearchWindow !== undefined ? { maxSearchWindow: options.maxSearchWindow } : {}),
    ...(options.checkpointReached ? { checkpointReached: options.checkpointReached } : {}),
  };
  if (spec.on === 'eventType') return eventTypeFilter({ regex: spec.regex, ...common });
  if ('prefixes' in spec) return streamNameFilter({ prefixes: [...spec.prefixes], ...common });
  return streamNameFilter({ regex: spec.regex, ...common });
}

function toTime(value: string | Date): number {
  const time = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(time)) throw new RangeError(`Invalid time filter ${String(value)}`);
  return time;
}

/** The exact predicate (AND across fields, OR within one), applied to every decoded envelope. */
export function envelopeMatcher(
  filter: GlobalLogFilter = {},
): (envelope: EventEnvelope) => boolean {
  const from = filter.occurredFrom === undefined ? undefined : toTime(filter.occurredFrom);
  const to = filter.occurredTo === undefined ? undefined : toTime(filter.occurredTo);
  const contexts = filter.contexts ? new Set(filter.contexts) : undefined;
  const categories = filter.categories ? new Set(filter.categories) : undefined;
  const types = filter.eventTypes ? new Set(filter.eventTypes) : undefined;
  const tenants = filter.tenantIds ? new Set(filter.tenantIds) : undefined;
  return (envelope) => {
    if (contexts || categories) {
      const parsed = tryParseStreamId(envelope.streamId);
      if (!parsed) return false;
      if (contexts && !contexts.has(parsed.context)) return false;
      if (categories && !categories.has(parsed.category)) return false;
    }
    if (types && !types.has(envelope.type)) return false;
    if (tenants && !tenants.has(envelope.tenantId)) return false;
    if (from !== undefined || to !== undefined) {
      const at = Date.parse(envelope.occurredAt);
      if (from !== undefined && at < from) return false;
      if (to !== undefined && at >= to) return false;
    }
    return true;
  };
}
