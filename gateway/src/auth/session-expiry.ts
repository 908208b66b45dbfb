// A graphql-ws connection is authenticated once, when it opens; its token keeps a lifetime of its
// own. When the token expires the gateway closes the connection with graphql-ws's Forbidden code
// and a reason saying why, so a client reconnects with a fresh token (graphql-ws clients retry on
// 4403 and evaluate `connectionParams` again) instead of listening on a dead session.
import { CloseCode } from 'graphql-ws';

/** The part of a `ws` WebSocket this needs. */
export interface ClosableSocket {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

export const SESSION_EXPIRED_CLOSE_CODE = CloseCode.Forbidden;
export const SESSION_EXPIRED_REASON =
  'Forbidden: the access token expired; reconnect with a fresh one';

/** Closes the socket when `expiresAt` is reached; the timer goes when the socket closes first. */
export function closeWhenSessionExpires(
  socket: ClosableSocket,
  expiresAt: Date,
  now: () => number = Date.now,
): void {
  const close = (): void => socket.close(SESSION_EXPIRED_CLOSE_CODE, SESSION_EXPIRED_REASON);
  const remainingMs = expiresAt.getTime() - now();
  if (remainingMs <= 0) {
    close();
    return;
  }
  const timer = setTimeout(close, remainingMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
