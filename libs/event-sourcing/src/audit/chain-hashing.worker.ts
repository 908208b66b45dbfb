// Worker thread of ChainHashingPool: parses a page of stored envelopes (JSON Lines) and hashes
// each one's contents, sending back only what the chain and checkpoint checks need.
import { parentPort } from 'node:worker_threads';
import {
  hashedChainLink,
  type HashedChainLink,
  type StoredEventForVerification,
} from '../integrity/event-hash';
import { parseJsonLines } from '../serialisation/json-lines';

export interface ChainHashingRequest {
  readonly id: number;
  readonly jsonLines: Uint8Array;
}

export type ChainHashingResponse =
  | { readonly id: number; readonly links: HashedChainLink[] }
  | { readonly id: number; readonly error: string };

parentPort!.on('message', ({ id, jsonLines }: ChainHashingRequest) => {
  let response: ChainHashingResponse;
  try {
    const events = parseJsonLines<StoredEventForVerification>(jsonLines);
    response = { id, links: events.map(hashedChainLink) };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
