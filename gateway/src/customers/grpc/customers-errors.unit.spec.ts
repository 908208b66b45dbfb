import * as grpc from '@grpc/grpc-js';
import { ErrorCode, ForbiddenError } from '../../graphql/gateway-errors';
import { translateCustomersError } from './customers-errors';
import { ContextCallError } from '../../grpc/context-grpc.client';

describe('customers service refusals in GraphQL', () => {
  it("answers the service's role refusal as FORBIDDEN with its safe message", () => {
    const refused = new ContextCallError(
      'customers',
      'ErasePersonalData',
      grpc.status.PERMISSION_DENIED,
      { code: 'PERMISSION_DENIED', message: "The caller's roles do not allow ErasePersonalData." },
      'denied',
    );
    const translated = translateCustomersError(refused);
    expect(translated).toBeInstanceOf(ForbiddenError);
    expect((translated as ForbiddenError).extensions['code']).toBe(ErrorCode.FORBIDDEN);
  });

  it('keeps a refused gateway token internal (a configuration error, not the client’s)', () => {
    const refused = new ContextCallError(
      'customers',
      'RegisterCustomer',
      grpc.status.UNAUTHENTICATED,
      { code: 'UNAUTHENTICATED', message: 'The service call token is invalid.' },
      'unauthenticated',
    );
    expect(translateCustomersError(refused)).toBe(refused);
  });
});
