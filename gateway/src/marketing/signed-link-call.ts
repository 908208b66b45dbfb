// What the gateway's public marketing links (unsubscribe, tracking pixel and click) share: the
// signed token is the authority, verified by services/marketing; the gateway only reads which
// tenant it names, to address the call, and relays it under the link's own identity.
import { Role } from '@crm/access-policy';
import { signedLinkTenant } from '@crm/marketing-domain';
import { randomUUID } from 'node:crypto';
import { ContextCallError } from '../grpc/context-grpc.client';
import type { MarketingClient } from './marketing.ports';

export type LinkOutcome<T> =
  | { readonly kind: 'done'; readonly result: T }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'unavailable' };

/**
 * Relays a link's token to `rpc` as `userId` (the recipient, through the link, not a signed-in
 * user). A refused token is the visitor's problem (`invalid`); anything else, such as the service
 * being down, is ours (`unavailable`: try again later).
 */
export async function callWithSignedLink<T>(
  client: MarketingClient,
  rpc: string,
  userId: string,
  token: unknown,
  request: Record<string, unknown>,
  refusedCode: string,
): Promise<LinkOutcome<T>> {
  const tenantId =
    typeof token === 'string' && token.length <= 4000 ? signedLinkTenant(token) : undefined;
  if (tenantId === undefined) return { kind: 'invalid' };
  try {
    const result = (await client.call(
      rpc,
      {
        principal: { userId, email: '', tenantId, roles: [Role.MARKETER], teamId: null },
        correlationId: randomUUID(),
      },
      { ...request, token },
    )) as T;
    return { kind: 'done', result };
  } catch (error) {
    const code = error instanceof ContextCallError ? error.detail?.code : undefined;
    return code === refusedCode || code === 'VALIDATION_FAILED'
      ? { kind: 'invalid' }
      : { kind: 'unavailable' };
  }
}
