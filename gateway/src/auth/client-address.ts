// The address of the client behind a request, for the login throttle and logs. Forwarded headers
// (X-Forwarded-For) are believed only when they were added by a configured proxy: the same rule as
// Express's `trust proxy` setting, implemented by the library Express itself uses (proxy-addr).
// Works on Express requests and on the raw upgrade request of a WebSocket connection alike.
import { type IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type ClientAddressOf = (req: Pick<IncomingMessage, 'headers' | 'socket'>) => string;

/**
 * Validates a CRM_TRUSTED_PROXIES list (IP addresses, CIDR ranges, or proxy-addr's names
 * `loopback`, `linklocal`, `uniquelocal`) and returns why it is invalid, or null.
 */
export function trustedProxiesProblem(proxies: readonly string[]): string | null {
  try {
    proxyaddr.compile([...proxies]);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** With no trusted proxy, every forwarded header is ignored and the socket address is the client. */
export function clientAddressResolver(trustedProxies: readonly string[]): ClientAddressOf {
  const trust = proxyaddr.compile([...trustedProxies]);
  return (req) => {
    if (!req.socket?.remoteAddress) return 'unknown';
    return proxyaddr(req as IncomingMessage, trust);
  };
}
