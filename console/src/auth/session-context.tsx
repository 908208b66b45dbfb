// Makes the session available to every screen and lets the sign-in page and the menu change it.
import { createContext, useContext } from 'react';
import { type Session } from './session';

export interface SessionState {
  readonly session: Session | null;
  signIn: (session: Session) => void;
  signOut: () => void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside <SessionContext>');
  return state;
}

/** The signed-in session; screens behind the sign-in guard only. */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn without a session');
  return session;
}
