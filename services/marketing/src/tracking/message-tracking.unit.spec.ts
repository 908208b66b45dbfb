// Open and click tracking: every web link of a mail but the unsubscribe link goes through a signed
// redirect to its own address, a pixel is added, and forged, altered or cross-purpose tokens are
// refused.
import { InvalidTrackingTokenError } from '@crm/marketing-domain';
import fc from 'fast-check';
import { signUnsubscribeToken } from '../unsubscribe/unsubscribe-token';
import { signOpenToken, verifyTrackingToken, withTracking } from './message-tracking';

const SECRET = Buffer.alloc(32, 7);
const BASE = 'https://crm.test';
const claims = {
  tenantId: 'acme',
  customerId: 'anna',
  sourceKind: 'campaign',
  sourceId: 'spring',
} as const;
const UNSUBSCRIBE = `${BASE}/marketing/unsubscribe?token=abc.def`;

const tokensIn = (html: string, path: string) =>
  [...html.matchAll(new RegExp(`${BASE}/marketing/track/${path}\\?token=([^"]+)`, 'g'))].map(
    (m) => m[1]!,
  );

describe('tracked mail', () => {
  const html =
    '<html><body><a href="https://shop.example/spring?a=1&amp;b=2" style="x">Shop</a> ' +
    `<a href="${UNSUBSCRIBE}">Unsubscribe</a> <a href="mailto:help@shop.example">Mail</a></body></html>`;
  const tracked = withTracking(html, {
    publicBaseUrl: BASE,
    secret: SECRET,
    claims,
    unsubscribeUrl: UNSUBSCRIBE,
  });

  it('redirects web links through a signed click carrying their own address', () => {
    const [click, ...more] = tokensIn(tracked, 'click');
    expect(more).toEqual([]);
    expect(verifyTrackingToken(SECRET, 'clicked', click!)).toEqual({
      ...claims,
      url: 'https://shop.example/spring?a=1&b=2',
    });
    expect(tracked).toContain(`href="${UNSUBSCRIBE}"`);
    expect(tracked).toContain('href="mailto:help@shop.example"');
    expect(tracked).not.toContain('shop.example/spring');
  });

  it('adds one open pixel before the end of the body', () => {
    const [open, ...more] = tokensIn(tracked, 'open');
    expect(more).toEqual([]);
    expect(verifyTrackingToken(SECRET, 'opened', open!)).toEqual(claims);
    expect(tracked).toMatch(/<img src="[^"]+" width="1" height="1" alt="" [^>]*\/><\/body>/);
  });

  it('refuses another secret, another purpose and any altered token', () => {
    const open = signOpenToken(SECRET, claims);
    expect(() => verifyTrackingToken(Buffer.alloc(32, 8), 'opened', open)).toThrow(
      InvalidTrackingTokenError,
    );
    expect(() => verifyTrackingToken(SECRET, 'clicked', open)).toThrow(InvalidTrackingTokenError);
    const unsubscribe = signUnsubscribeToken(SECRET, {
      tenantId: 'acme',
      customerId: 'anna',
      campaignId: 'spring',
    });
    expect(() => verifyTrackingToken(SECRET, 'opened', unsubscribe)).toThrow(
      InvalidTrackingTokenError,
    );
    fc.assert(
      fc.property(fc.string(), (garbage) => {
        fc.pre(garbage !== open);
        expect(() => verifyTrackingToken(SECRET, 'opened', garbage)).toThrow(
          InvalidTrackingTokenError,
        );
      }),
    );
  });
});
