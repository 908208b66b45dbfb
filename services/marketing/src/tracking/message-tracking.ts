// Open and click tracking of marketing e-mail (docs/marketing.md#open-and-click-tracking): before a
// mail leaves, every web link of its HTML (except the unsubscribe link) is replaced by a signed
// redirect through the gateway, `/marketing/track/click?token=…`, whose token carries the
// recipient, the message's source and the original address, and a 1×1 pixel
// `/marketing/track/open?token=…` is added at the end of the body. The tokens are signed like the
// unsubscribe link (another purpose, so neither is accepted for the other): nobody can record an
// engagement for another customer, and the redirect only ever goes to an address the template had.
import { InvalidTrackingTokenError, type TouchSourceKind } from '@crm/marketing-domain';
import { signClaims, verifyClaims } from '../unsubscribe/signed-claims';

export type TrackedEngagement = 'opened' | 'clicked';

export interface TrackingClaims {
  readonly tenantId: string;
  readonly customerId: string;
  readonly sourceKind: TouchSourceKind;
  readonly sourceId: string;
}
export interface ClickClaims extends TrackingClaims {
  readonly url: string;
}

const PURPOSE: Readonly<Record<TrackedEngagement, string>> = {
  opened: 'track-open',
  clicked: 'track-click',
};
const claimList = (c: TrackingClaims) => [c.tenantId, c.customerId, c.sourceKind, c.sourceId];

export function signOpenToken(secret: Buffer, claims: TrackingClaims): string {
  return signClaims(secret, PURPOSE.opened, claimList(claims));
}

export function signClickToken(secret: Buffer, claims: ClickClaims): string {
  return signClaims(secret, PURPOSE.clicked, [...claimList(claims), claims.url]);
}

/** The claims of a genuine token of that kind (a click's with its address); else refused. */
export function verifyTrackingToken(
  secret: Buffer,
  engagement: TrackedEngagement,
  token: string,
): TrackingClaims & { readonly url?: string } {
  const claims = verifyClaims(secret, PURPOSE[engagement], token, engagement === 'opened' ? 4 : 5);
  const [tenantId, customerId, sourceKind, sourceId, url] = claims ?? [];
  if (
    !tenantId ||
    !customerId ||
    !sourceId ||
    (sourceKind !== 'campaign' && sourceKind !== 'journey')
  )
    throw new InvalidTrackingTokenError();
  return { tenantId, customerId, sourceKind, sourceId, ...(url ? { url } : {}) };
}

// MJML's output is generated HTML whose attributes are always double-quoted and entity-escaped, so
// its anchors can be read with one expression; the template author's links are web addresses.
const ANCHOR_HREF = /(<a\b[^>]*?\bhref=")(https?:\/\/[^"]*)(")/gi;
const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'",
  '&lt;': '<',
  '&gt;': '>',
};
const decode = (attribute: string) =>
  attribute.replace(/&(amp|quot|#39|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity);

export interface TrackingOptions {
  readonly publicBaseUrl: string;
  readonly secret: Buffer;
  readonly claims: TrackingClaims;
  /** Left as it is: the unsubscribe link must work without the tracker. */
  readonly unsubscribeUrl: string;
}

/** The mail's HTML with its web links through the click redirect and the open pixel added. */
export function withTracking(html: string, options: TrackingOptions): string {
  const { publicBaseUrl, secret, claims, unsubscribeUrl } = options;
  const linked = html.replace(ANCHOR_HREF, (whole, start: string, href: string, end: string) => {
    const url = decode(href);
    if (url === unsubscribeUrl || url.startsWith(`${publicBaseUrl}/marketing/`)) return whole;
    const token = signClickToken(secret, { ...claims, url });
    return `${start}${publicBaseUrl}/marketing/track/click?token=${token}${end}`;
  });
  const pixel =
    `<img src="${publicBaseUrl}/marketing/track/open?token=${signOpenToken(secret, claims)}" ` +
    'width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />';
  return /<\/body>/i.test(linked)
    ? linked.replace(/<\/body>/i, `${pixel}</body>`)
    : `${linked}${pixel}`;
}
