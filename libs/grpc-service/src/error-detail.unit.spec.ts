import { type Metadata, status } from '@grpc/grpc-js';
import { ServiceTokenError } from '@crm/access-policy';
import { ConcurrencyError, IdempotencyKeyReusedError } from '@crm/event-sourcing';
import { ERROR_DETAIL_KEY, mapPlatformError, toRpcException } from './error-detail';

describe('platform error mapping', () => {
  it('answers token, concurrency and idempotency failures with their status and stable code', () => {
    expect(
      mapPlatformError(new ServiceTokenError('EXPIRED', 'The token has expired.'), 'c1'),
    ).toMatchObject({
      status: status.UNAUTHENTICATED,
      detail: { code: 'UNAUTHENTICATED', message: 'The token has expired.', correlationId: 'c1' },
      internal: false,
    });
    expect(mapPlatformError(new ConcurrencyError('s-1', 4), 'c1', 'The lead')).toMatchObject({
      status: status.ABORTED,
      detail: {
        code: 'CONCURRENCY_CONFLICT',
        message: 'The lead changed concurrently; retry the request',
      },
    });
    expect(mapPlatformError(new IdempotencyKeyReusedError('k'), 'c1').detail.code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('hides what it does not know behind INTERNAL and the correlation id', () => {
    const mapped = mapPlatformError(new Error('relation "x" does not exist'), 'corr-9');
    expect(mapped).toMatchObject({ status: status.INTERNAL, internal: true });
    expect(mapped.detail.message).toBe('Internal error; quote correlation id corr-9');
    const exception = toRpcException(mapped).getError() as { code: number; metadata: Metadata };
    expect(exception.code).toBe(status.INTERNAL);
    const trailer = exception.metadata.get(ERROR_DETAIL_KEY)[0] as Buffer;
    expect(JSON.parse(trailer.toString('utf8'))).toEqual(mapped.detail);
  });
});
