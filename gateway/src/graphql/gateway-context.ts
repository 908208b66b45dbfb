// The per-operation GraphQL context: built once per HTTP request or per WebSocket subscription.
import { type Principal } from '../authz/principal';
import { type RequestLoaders } from './request-loaders';

export interface GatewayContext {
  /** From `x-correlation-id` (when well-formed) or generated; sent to services and logged. */
  readonly correlationId: string;
  /** Null when the request carries no valid token. */
  readonly principal: Principal | null;
  /** Why the token was refused (expired, bad signature), shown in UNAUTHENTICATED errors. */
  readonly authError: string | null;
  /** Per-request DataLoaders (batched look-ups against N+1). */
  readonly loaders: RequestLoaders;
  /** Client address, for login throttling and logs. */
  readonly clientIp: string;
}
