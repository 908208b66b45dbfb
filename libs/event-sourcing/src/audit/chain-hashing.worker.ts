// Worker thread of ChainHashingPool: hashes each event of a page of stored events (binary COPY of
// CHAIN_LINK_COLUMNS), sending back only what the chain and checkpoint checks need.
import { parentPort } from 'node:worker_threads';
import type { HashedChainLink } from '../integrity/event-hash';
import { chainLinksFromBinaryCopy } from './binary-chain-links';

export interface ChainHashingRequest {
  readonly id: number;
  readonly copyBinary: Uint8Array;
}

export type ChainHashingResponse =
  | { readonly id: number; readonly links: HashedChainLink[] }
  | { readonly id: number; readonly error: string };

parentPort!.on('message', ({ id, copyBinary }: ChainHashingRequest) => {
  let response: ChainHashingResponse;
  try {
    const bytes = Buffer.from(copyBinary.buffer, copyBinary.byteOffset, copyBinary.byteLength);
    response = { id, links: chainLinksFromBinaryCopy(bytes) };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
