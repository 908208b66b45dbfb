import { status } from '@grpc/grpc-js';
import { Role, systemCaller } from '@crm/access-policy';
import { mapPlatformError } from './error-detail';
import { InvalidRequestContextError, requestMetaOf } from './request-context';

// A reactor's identity: the tenant comes from it, never from the request context.
const caller = systemCaller('customers.test-reactor', 'tenant-a', [Role.ADMIN]);

describe('requestMetaOf', () => {
  it('takes the tenant from the verified caller and trims the context', () => {
    const meta = requestMetaOf(
      caller,
      { correlationId: ' c-1 ', idempotencyKey: ' k-1 ' },
      () => 'x',
    );
    expect(meta).toEqual({
      caller,
      tenantId: 'tenant-a',
      correlationId: 'c-1',
      idempotencyKey: 'k-1',
    });
  });

  it('names a call without a correlation id and leaves an empty idempotency key out', () => {
    expect(requestMetaOf(caller, null, () => 'generated')).toEqual({
      caller,
      tenantId: 'tenant-a',
      correlationId: 'generated',
    });
  });

  it('refuses an overlong correlation id and idempotency key at once, as INVALID_ARGUMENT', () => {
    const long = 'x'.repeat(201);
    let thrown: unknown;
    try {
      requestMetaOf(caller, { correlationId: long, idempotencyKey: long }, () => 'x');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidRequestContextError);
    const mapped = mapPlatformError(thrown, 'c-9');
    expect(mapped.status).toBe(status.INVALID_ARGUMENT);
    expect(mapped.detail.code).toBe('VALIDATION_FAILED');
    expect(mapped.detail.violations.map((v) => [v.field, v.code])).toEqual([
      ['ctx.correlationId', 'TOO_LONG'],
      ['ctx.idempotencyKey', 'TOO_LONG'],
    ]);
  });
});
