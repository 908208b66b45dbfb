// Email addresses: a pragmatic syntax check (what mail servers accept in practice, not RFC 5322
// in full) and one normal form used for storage and duplicate detection.

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const MAX_EMAIL_LENGTH = 254;

/** Trimmed and lower-cased (both parts: providers treat local parts case-insensitively in practice); undefined if invalid. */
export function normaliseEmail(input: string): string | undefined {
  const email = input.trim().toLowerCase();
  if (email.length === 0 || email.length > MAX_EMAIL_LENGTH) return undefined;
  if (!EMAIL.test(email)) return undefined;
  const [local] = email.split('@');
  if (
    !local ||
    local.length > 64 ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..')
  )
    return undefined;
  return email;
}
