// Referral fraud check (ADR 0225): loyalty holds no contact data, so the gateway, which reads the
// customers' profiles anyway, compares the referee's e-mails and phones with the referrer's and
// tells the service which kinds they share. Values are compared as SHA-256 digests of their
// normalised form (e-mail trimmed and lower-cased, phone digits only), so nothing but the digests
// is ever held side by side, and "Ada@Example.com " matches "ada@example.com".
import { createHash } from 'node:crypto';

export interface ContactValues {
  readonly email: string | null;
  readonly phone: string | null;
}

export type SharedContactKind = 'email' | 'phone';

const digest = (value: string) => createHash('sha256').update(value).digest('hex');

function fingerprints(contacts: readonly ContactValues[], kind: SharedContactKind): Set<string> {
  const values = contacts
    .map((c) =>
      kind === 'email' ? c.email?.trim().toLowerCase() : c.phone?.replace(/[^0-9]/g, ''),
    )
    .filter((v): v is string => !!v);
  return new Set(values.map(digest));
}

/** The contact kinds the two people share (same normalised e-mail or phone), in a fixed order. */
export function sharedContactKinds(
  referee: readonly ContactValues[],
  referrer: readonly ContactValues[],
): SharedContactKind[] {
  return (['email', 'phone'] as const).filter((kind) => {
    const theirs = fingerprints(referrer, kind);
    return [...fingerprints(referee, kind)].some((f) => theirs.has(f));
  });
}
