// The request context every RPC carries, read the same way by every context service: who calls
// comes only from the verified caller (the service call token); the proto RequestContext gives just
// the correlation id (generated when the caller sent none) and the idempotency key. Its deprecated
// tenant and actor fields are ignored.
import { principalOfCaller, type ServiceCaller } from '@crm/access-policy';
import type { RequestMeta } from './command-execution';
import type { FieldViolationDetail } from './error-detail';
import type { RpcRequest } from './serve-rpc';

/** The longest correlation id or idempotency key a caller may send. */
export const REQUEST_CONTEXT_MAX_CHARS = 200;

/** A malformed RequestContext: INVALID_ARGUMENT with its field violations (mapPlatformError). */
export class InvalidRequestContextError extends Error {
  constructor(readonly violations: readonly FieldViolationDetail[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
  }
}

/** The request's meta from the verified caller and the RequestContext; `newId` names an unnamed call. */
export function requestMetaOf(
  caller: ServiceCaller,
  ctx: RpcRequest['ctx'],
  newId: () => string,
): RequestMeta {
  const correlationId = (ctx?.correlationId ?? '').trim() || newId();
  const idempotencyKey = (ctx?.idempotencyKey ?? '').trim();
  const violations = Object.entries({ correlationId, idempotencyKey })
    .filter(([, value]) => value.length > REQUEST_CONTEXT_MAX_CHARS)
    .map(([name]) => ({
      field: `ctx.${name}`,
      code: 'TOO_LONG',
      message: `must be at most ${REQUEST_CONTEXT_MAX_CHARS} characters`,
    }));
  if (violations.length > 0) throw new InvalidRequestContextError(violations);
  return {
    caller,
    tenantId: principalOfCaller(caller).tenantId,
    correlationId,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
}
