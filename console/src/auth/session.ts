// The signed-in session: the gateway's bearer token and the user it names. Kept in the tab's
// sessionStorage (gone when the tab closes, never in a URL or a cookie; ADR 0240) so that a reload
// keeps the user signed in until the token expires.
import { type Role } from '../navigation/screens';

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
}

export interface Session {
  readonly token: string;
  readonly user: SessionUser;
  /** Epoch milliseconds after which the gateway refuses the token. */
  readonly expiresAt: number;
}

const KEY = 'crm.console.session';

export function loadSession(now: number = Date.now()): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    return session.expiresAt > now ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}
