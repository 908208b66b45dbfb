// The keyed digest that names a suppressed e-mail address in events (never the address itself):
// HMAC-SHA256 of the trimmed, lower-cased address under the service's link key with its own
// purpose. The same address always gives the same digest, so a send recognises a suppressed one;
// a changed address gives another, so the customer's new address is mailed again.
import { createHmac } from 'node:crypto';

export function emailAddressDigest(secret: Buffer, address: string): string {
  return createHmac('sha256', secret)
    .update(`crm.marketing.suppression:${address.trim().toLowerCase()}`)
    .digest('base64url')
    .slice(0, 32);
}
