// The marketing gRPC contract as TypeScript: where proto/marketing.proto lives, its package and service
// names, and the message types generated from it (libs/contracts/src/grpc/generated/, git-ignored,
// written by `npm run proto:generate`). The loader options are customers' (one set for every proto:
// the generator derives its flags from them). Only types are exported from the generated files.
import path from 'node:path';
import type { MethodDefinition } from '@grpc/proto-loader';
import { CUSTOMERS_PROTO_LOADER_OPTIONS, PROTO_ROOT } from './customers-grpc';
import type { CommandResult__Output, MarketingServiceDefinition } from './generated/marketing.v1';

export const MARKETING_PROTO_PATH = path.join(PROTO_ROOT, 'marketing.proto');
export const MARKETING_PACKAGE = 'crm.marketing.v1';
export const MARKETING_SERVICE_NAME = `${MARKETING_PACKAGE}.MarketingService`;
export const MARKETING_PROTO_LOADER_OPTIONS = CUSTOMERS_PROTO_LOADER_OPTIONS;

export type * from './generated/marketing.v1';

type Methods = {
  [
    K in keyof MarketingServiceDefinition as string extends K ? never : K
  ]: MarketingServiceDefinition[K];
};
export type MarketingRpc = keyof Methods;
type Parts<M extends MarketingRpc> =
  MarketingServiceDefinition[M] extends MethodDefinition<
    infer Req,
    infer _Res,
    infer _In,
    infer Out
  >
    ? { request: Req; output: Out }
    : never;
/** What a caller sends (all fields optional), without the RequestContext the client adds. */
export type MarketingRequest<M extends MarketingRpc> = Omit<Parts<M>['request'], 'ctx'>;
/** What a caller receives (proto-loader's decoded form with the shared options). */
export type MarketingResponse<M extends MarketingRpc> = Parts<M>['output'];
export type MarketingCommandResult = CommandResult__Output;
