// Serving one Marketing RPC, shared by the service's controllers: the verified caller and its roles
// (refused before anything is read), the request context (the kit's `requestMetaOf`), logging and
// error mapping.
import type * as P from '@crm/contracts/marketing-grpc';
import { requestMetaOf, serveRpc } from '@crm/grpc-service';
import type { Logger } from 'pino';
import { assertMayCall } from '../application/caller-access';
import type { MarketingApplication, RequestMeta } from '../application/marketing.application';
import { mapMarketingError } from './grpc-errors';
import type { ParseContext } from './marketing-command.parsers';

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
        return requestMetaOf(caller, req.ctx, () => app.randomId());
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
