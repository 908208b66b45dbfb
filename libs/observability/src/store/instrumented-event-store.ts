// An EventStore decorator that measures appends and traces them, so neither the store adapters
// nor the command handler know about telemetry. Latency and outcome per context (a conflict is an
// optimistic-concurrency refusal the command handler will retry), an `append <category>` span
// under the active request span, and one `event <type>` span per stored event that the relay and
// the projections later attach to (ADR 0125). Everything else is passed through untouched.
import {
  WrongExpectedVersionError,
  type AppendResult,
  type EventStore,
  type StreamAppend,
} from '@crm/event-sourcing';
import { SpanKind } from '@opentelemetry/api';
import { platformMetrics, secondsSince } from '../metrics/platform-metrics';
import { endSpan, recordEventSpans, runInSpan, startChildSpan } from '../tracing/spans';

function contextOf(streamId: string): string {
  const dot = streamId.indexOf('.');
  return dot < 0 ? 'unknown' : streamId.slice(0, dot);
}

function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

function outcomeOf(error: unknown): 'conflict' | 'error' {
  return error instanceof WrongExpectedVersionError ? 'conflict' : 'error';
}

async function measured(
  context: string,
  category: string,
  append: () => Promise<readonly AppendResult[]>,
): Promise<void> {
  const metrics = platformMetrics();
  const span = startChildSpan(`append ${category}`, SpanKind.CLIENT, { 'db.system': 'postgresql' });
  const startTime = Date.now();
  const started = process.hrtime.bigint();
  try {
    const results = await runInSpan(span, append);
    metrics.appendDuration.observe({ context }, secondsSince(started));
    for (const result of results) {
      metrics.appends.inc({ context, outcome: result.replayed ? 'replayed' : 'ok' });
      if (!result.replayed) {
        metrics.appendedEvents.inc({ context }, result.events.length);
        runInSpan(span, () => recordEventSpans(result.events, startTime, Date.now()));
      }
    }
    endSpan(span);
  } catch (error) {
    metrics.appendDuration.observe({ context }, secondsSince(started));
    metrics.appends.inc({ context, outcome: outcomeOf(error) });
    endSpan(span, error);
    throw error;
  }
}

/** Wraps `store`: `append` and `appendMany` are measured and traced, every other call goes straight through. */
export function instrumentEventStore<S extends EventStore>(store: S): S {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'append') {
        const append: EventStore['append'] = async (streamId, events, options) => {
          let result: AppendResult | undefined;
          await measured(contextOf(streamId), categoryOf(streamId), async () => {
            result = await target.append(streamId, events, options);
            return [result];
          });
          return result!;
        };
        return append;
      }
      if (property === 'appendMany' && typeof target.appendMany === 'function') {
        const appendMany = async (appends: readonly StreamAppend[]): Promise<AppendResult[]> => {
          let results: AppendResult[] = [];
          const first = appends[0]?.streamId ?? 'unknown';
          await measured(contextOf(first), `many ${categoryOf(first)}`, async () => {
            results = await target.appendMany!(appends);
            return results;
          });
          return results;
        };
        return appendMany;
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
