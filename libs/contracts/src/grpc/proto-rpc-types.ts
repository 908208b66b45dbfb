// The TypeScript view of a generated gRPC service definition that every context's contract shares:
// its RPCs, what a caller sends to one and what it receives (proto-loader's decoded form with the
// shared loader options).
import type { MethodDefinition } from '@grpc/proto-loader';

/** The RPC names of a generated definition, without grpc's ServiceDefinition index signature. */
export type RpcNames<D> = keyof { [K in keyof D as string extends K ? never : K]: D[K] };

type Parts<D, M> = M extends keyof D
  ? D[M] extends MethodDefinition<infer Req, infer _Res, infer _In, infer Out>
    ? { request: Req; output: Out }
    : never
  : never;

/** What a caller sends (all fields optional), without the RequestContext the client adds. */
export type RpcRequestOf<D, M extends RpcNames<D>> = Omit<Parts<D, M>['request'], 'ctx'>;
/** What a caller receives. */
export type RpcResponseOf<D, M extends RpcNames<D>> = Parts<D, M>['output'];
