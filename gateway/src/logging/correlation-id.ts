// Correlation ids: taken from the `x-correlation-id` request header when it is well-formed,
// generated (UUID v7) otherwise. The id is stored on the request, echoed in the response header,
// put on every log line, sent to services in gRPC metadata and the RequestContext, and so ends
// in the envelope of every event the request causes.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { v7 as uuidv7 } from 'uuid';

export const CORRELATION_HEADER = 'x-correlation-id';
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const REQUEST_KEY = Symbol.for('crm.correlationId');

type WithCorrelation = IncomingMessage & { [REQUEST_KEY]?: string };

const storage = new AsyncLocalStorage<{ correlationId: string }>();

export function acceptOrGenerateCorrelationId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && WELL_FORMED.test(value) ? value : uuidv7();
}

/** The request's correlation id, assigned on first use so every consumer sees the same one. */
export function correlationIdOf(req: IncomingMessage): string {
  const r = req as WithCorrelation;
  r[REQUEST_KEY] ??= acceptOrGenerateCorrelationId(req.headers[CORRELATION_HEADER]);
  return r[REQUEST_KEY];
}

/** The correlation id of the request being handled in this async context, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function runWithCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

/** Connect middleware: assigns the id, echoes it, and runs the rest of the request inside it. */
export function correlationIdMiddleware(
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
): void {
  const id = correlationIdOf(req);
  res.setHeader(CORRELATION_HEADER, id);
  storage.run({ correlationId: id }, next);
}
