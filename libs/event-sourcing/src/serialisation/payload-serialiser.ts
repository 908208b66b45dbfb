// Checks that an event payload survives a JSON round trip through the store unchanged, and
// serialises it. Rejecting here (instead of letting JSON.stringify silently drop or coerce values)
// is what guarantees that what a decider emitted is exactly what a replay folds.
import { NonSerialisablePayloadError } from '../errors/event-store-errors';

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws NonSerialisablePayloadError naming the first offending path (e.g. `data.items[2].price`). */
export function assertJsonSerialisable(value: unknown, eventId: string, rootPath = 'data'): void {
  if (value === undefined)
    throw new NonSerialisablePayloadError(eventId, rootPath, 'undefined is not JSON');
  walk(value, rootPath, new Set<object>(), eventId);
}

function walk(value: unknown, path: string, ancestors: Set<object>, eventId: string): void {
  const reject = (reason: string): never => {
    throw new NonSerialisablePayloadError(eventId, path, reason);
  };
  switch (typeof value) {
    case 'string':
      // PostgreSQL jsonb cannot hold NUL, and lone surrogates are not valid Unicode text.
      if (value.includes('\u0000')) reject('strings may not contain the NUL character');
      if (LONE_SURROGATE.test(value)) reject('string contains a lone UTF-16 surrogate');
      return;
    case 'number':
      if (!Number.isFinite(value)) reject(`${value} is not representable in JSON`);
      return;
    case 'boolean':
      return;
    case 'bigint':
      return reject('BigInt is not JSON; encode it as a string');
    case 'function':
      return reject('functions are not data');
    case 'symbol':
      return reject('symbols are not data');
    case 'undefined':
      return reject('undefined is not JSON (only optional object properties may be undefined)');
    case 'object': {
      if (value === null) return;
      if (ancestors.has(value)) reject('circular reference');
      if (Array.isArray(value)) {
        ancestors.add(value);
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) reject(`sparse array (hole at index ${i})`);
          walk(value[i], `${path}[${i}]`, ancestors, eventId);
        }
        ancestors.delete(value);
        return;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        reject(
          `${name} instances are not plain data${name === 'Date' ? '; use an ISO-8601 string' : ''}`,
        );
      }
      if (Object.getOwnPropertySymbols(value).length > 0) reject('symbol keys are not JSON');
      ancestors.add(value);
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000') || LONE_SURROGATE.test(key))
          reject(`invalid property name ${JSON.stringify(key)}`);
        if (item === undefined) continue; // optional property left unset: dropped like JSON does
        walk(item, `${path}.${key}`, ancestors, eventId);
      }
      ancestors.delete(value);
      return;
    }
  }
}

/** Validates and serialises a payload; throws the typed error for its first problem. */
export function serialisePayload(data: unknown, eventId: string): string {
  assertJsonSerialisable(data, eventId);
  return JSON.stringify(data);
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
