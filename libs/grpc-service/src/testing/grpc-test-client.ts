/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access --
   proto-loader clients and messages are untyped at runtime; the specs assert their shape. */
// Test support shared by the context services' int specs: a real gRPC client of one service
// (proto-loader with the shared options) whose calls carry a service token minted, with the run's
// own key pair, for the test's default caller unless the test names another caller or sends its
// own metadata (a forged, expired or foreign token, or none).
import * as grpc from '@grpc/grpc-js';
import type * as protoLoader from '@grpc/proto-loader';
import { loadSync } from '@grpc/proto-loader';
import {
  SERVICE_TOKEN_METADATA_KEY,
  ServiceTokenSigner,
  parseServiceTokenPrivateKey,
  type ServiceAudience,
  type ServiceCaller,
} from '@crm/access-policy';
import { ERROR_DETAIL_KEY } from '../error-detail';

export interface MintOptions {
  /** Another audience than the service's own (a token for another service). */
  readonly audience?: string;
  /** The signer's clock (an hour ago gives an expired token). */
  readonly now?: () => Date;
  /** Another private key (base64 PKCS#8): a forged token. */
  readonly privateKey?: string;
}

/** Who a test call is from: a caller (defaults from the default caller) or exactly this metadata. */
export type CallAs = Partial<ServiceCaller> | { readonly metadata: grpc.Metadata };

/** A failed call: its gRPC status and the decoded ErrorDetail trailer. */
export interface Failure {
  readonly code: grpc.status;
  readonly detail: { code: string; message: string; violations: { field: string; code: string }[] };
}

export interface ServiceTokenKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

export interface GrpcTestClientOptions {
  /** host:port of the running service. */
  readonly address: string;
  readonly protoPath: string;
  readonly loaderOptions: protoLoader.Options;
  /** The fully qualified service name, e.g. `crm.sales.v1.SalesService`. */
  readonly serviceName: string;
  readonly audience: ServiceAudience;
  /** The caller of calls that name none; a named caller overrides its fields. */
  readonly defaultCaller: ServiceCaller;
  /** The key pair of this run: the service verifies with the public key. */
  readonly keys: ServiceTokenKeyPair;
  /** The clock tokens are signed at (a service on a moved clock verifies at that time). */
  readonly now?: () => Date;
}

export interface GrpcTestClient {
  readonly client: grpc.Client & Record<string, any>;
  readonly keys: ServiceTokenKeyPair;
  /** A service call token for `caller` (the default caller's fields where not given). */
  mint(caller?: Partial<ServiceCaller>, options?: MintOptions): Promise<string>;
  /** Metadata carrying `Bearer <token>` for `caller`. */
  metadata(caller?: Partial<ServiceCaller>, options?: MintOptions): Promise<grpc.Metadata>;
  call(method: string, request: object, as?: CallAs): Promise<Record<string, any>>;
  /** The gRPC error of a call expected to fail, with its decoded ErrorDetail. */
  fail(method: string, request: object, as?: CallAs): Promise<Failure>;
}

export function grpcTestClient(options: GrpcTestClientOptions): GrpcTestClient {
  const { keys } = options;
  let node: any = grpc.loadPackageDefinition(loadSync(options.protoPath, options.loaderOptions));
  for (const part of options.serviceName.split('.')) node = node?.[part];
  if (typeof node !== 'function')
    throw new Error(`${options.serviceName} is not in ${options.protoPath}`);
  const client = new node(
    options.address,
    grpc.credentials.createInsecure(),
  ) as GrpcTestClient['client'];
  const mint = (
    caller: Partial<ServiceCaller> = {},
    mintOptions: MintOptions = {},
  ): Promise<string> =>
    new ServiceTokenSigner(
      parseServiceTokenPrivateKey(mintOptions.privateKey ?? keys.privateKey),
      mintOptions.now ?? options.now,
    ).sign(
      { ...options.defaultCaller, ...caller },
      (mintOptions.audience ?? options.audience) as ServiceAudience,
    );
  const metadata = async (
    caller?: Partial<ServiceCaller>,
    mintOptions?: MintOptions,
  ): Promise<grpc.Metadata> => {
    const md = new grpc.Metadata();
    md.set(SERVICE_TOKEN_METADATA_KEY, `Bearer ${await mint(caller, mintOptions)}`);
    return md;
  };
  const call = async (
    method: string,
    request: object,
    as: CallAs = {},
  ): Promise<Record<string, any>> => {
    const md = 'metadata' in as ? as.metadata : await metadata(as);
    return new Promise((resolve, reject) => {
      client[method](
        request,
        md,
        (error: grpc.ServiceError | null, response: Record<string, any>) =>
          error ? reject(error) : resolve(response),
      );
    });
  };
  const fail = async (method: string, request: object, as?: CallAs): Promise<Failure> => {
    try {
      await call(method, request, as);
    } catch (error) {
      const e = error as grpc.ServiceError;
      const raw = e.metadata?.get(ERROR_DETAIL_KEY)[0];
      return {
        code: e.code,
        detail: raw ? JSON.parse(Buffer.from(raw as Buffer).toString('utf8')) : undefined,
      };
    }
    throw new Error(`${method} succeeded but was expected to fail`);
  };
  return { client, keys, mint, metadata, call, fail };
}
