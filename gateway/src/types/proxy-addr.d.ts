// The part of proxy-addr (the library behind Express's `trust proxy`) the gateway uses; the
// package ships no types.
declare module 'proxy-addr' {
  import { type IncomingMessage } from 'node:http';

  type TrustFunction = (address: string, hop: number) => boolean;

  function proxyaddr(req: IncomingMessage, trust: TrustFunction | string | string[]): string;

  namespace proxyaddr {
    function compile(trust: string | string[]): TrustFunction;
    function all(req: IncomingMessage, trust?: TrustFunction | string | string[]): string[];
  }

  export = proxyaddr;
}
