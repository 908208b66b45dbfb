// Test support for the caller-identity int specs of the context services (docs/security.md "Trust
// boundary"): the untrusted tokens every service must refuse, and the check that a refused call has
// the expected status and ErrorDetail code and wrote nothing. Uses jest's `expect`.
import * as grpc from '@grpc/grpc-js';
import { generateServiceTokenKeys } from '@crm/access-policy';
import type { CallAs, GrpcTestClient } from './grpc-test-client';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Metadata of callers refused with UNAUTHENTICATED: no token, a forged one, one that expired an
 * hour before `now` (the service's clock), and one for `otherAudience` (another service).
 */
export function untrustedCallers(
  client: Pick<GrpcTestClient, 'metadata'>,
  otherAudience: string,
  now: () => Date = () => new Date(),
): (() => Promise<grpc.Metadata>)[] {
  return [
    () => Promise.resolve(new grpc.Metadata()),
    () => client.metadata({}, { privateKey: generateServiceTokenKeys().privateKey }),
    () => client.metadata({}, { now: () => new Date(now().getTime() - HOUR_MS) }),
    () => client.metadata({}, { audience: otherAudience }),
  ];
}

/**
 * `expectRefused(method, request, as, code, detailCode)` for the service `client()` returns (read
 * when called: specs start it in beforeAll); `storedCount` counts what the store holds.
 */
export function refusalCheck(
  client: () => Pick<GrpcTestClient, 'fail'>,
  storedCount: () => Promise<number>,
) {
  return async (
    method: string,
    request: object,
    as: CallAs,
    code: grpc.status,
    detailCode: string,
  ): Promise<void> => {
    const before = await storedCount();
    const failure = await client().fail(method, request, as);
    expect({ status: grpc.status[failure.code], detail: failure.detail?.code }).toEqual({
      status: grpc.status[code],
      detail: detailCode,
    });
    expect(await storedCount()).toBe(before);
  };
}
