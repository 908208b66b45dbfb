// Unsubscribe links: signed per recipient, forged or altered ones refused.
import { InvalidUnsubscribeTokenError } from '@crm/marketing-domain';
import fc from 'fast-check';
import {
  signUnsubscribeToken,
  unsubscribeTokenTenant,
  verifyUnsubscribeToken,
} from './unsubscribe-token';

const SECRET = Buffer.alloc(32, 7);
const claims = { tenantId: 'acme', customerId: 'anna', campaignId: 'spring' };

describe('unsubscribe tokens', () => {
  it('verify to the claims they were signed with', () => {
    const token = signUnsubscribeToken(SECRET, claims);
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual(claims);
    expect(unsubscribeTokenTenant(token)).toBe('acme');
  });

  it('refuse another secret, changed claims and any altered token', () => {
    const token = signUnsubscribeToken(SECRET, claims);
    expect(() => verifyUnsubscribeToken(Buffer.alloc(32, 8), token)).toThrow(
      InvalidUnsubscribeTokenError,
    );
    const other = signUnsubscribeToken(SECRET, { ...claims, customerId: 'bob' });
    const forged = `${other.split('.')[0]}.${token.split('.')[1]}`;
    expect(() => verifyUnsubscribeToken(SECRET, forged)).toThrow(InvalidUnsubscribeTokenError);
    fc.assert(
      fc.property(fc.string(), (garbage) => {
        fc.pre(garbage !== token);
        expect(() => verifyUnsubscribeToken(SECRET, garbage)).toThrow(InvalidUnsubscribeTokenError);
      }),
    );
  });
});
