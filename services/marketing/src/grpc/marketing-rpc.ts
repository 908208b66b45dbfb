// Serving one Marketing RPC, shared by the service's controllers: the verified caller and its roles
// (refused before anything is read), the request context, logging and error mapping.
import type { ServiceCaller } from '@crm/access-policy';
import { principalOfCaller } from '@crm/access-policy';
import type * as P from '@crm/contracts/marketing-grpc';
import { serveRpc } from '@crm/grpc-service';
import type { Logger } from 'pino';
import { assertMayCall } from '../application/caller-access';
import type { MarketingApplication, RequestMeta } from '../application/marketing.application';
import { mapMarketingError } from './grpc-errors';
import type { ParseContext } from './marketing-command.parsers';
import { parseRequest } from './request-reading';

export const MARKETING_SERVICE = 'MarketingService';

export type MarketingRequest = { ctx: P.RequestContext__Output | null };

export function serveMarketingRpc<T>(
  app: MarketingApplication,
  logger: Logger,
  rpc: string,
  req: MarketingRequest,
  action: (meta: RequestMeta, ctx: ParseContext) => Promise<T>,
): Promise<T> {
  return serveRpc(
    {
      service: MARKETING_SERVICE,
      logger,
      requestMeta: (caller) => {
        assertMayCall(caller, rpc);
        return requestMeta(app, caller, req.ctx);
      },
      mapError: mapMarketingError,
    },
    rpc,
    req,
    (meta) =>
      action(meta, {
        newId: (purpose) => app.newId(meta, purpose),
        now: () => app.now(),
      }),
  );
}

function requestMeta(
  app: MarketingApplication,
  caller: ServiceCaller,
  ctx: P.RequestContext__Output | null,
): RequestMeta {
  return parseRequest((r) => {
    const correlationId = r.text('ctx.correlationId', ctx?.correlationId, 200) ?? app.randomId();
    const idempotencyKey = r.text('ctx.idempotencyKey', ctx?.idempotencyKey, 200);
    return {
      caller,
      tenantId: principalOfCaller(caller).tenantId,
      correlationId,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    };
  });
}
