// Hashing of stored events in worker threads, for whole-log verification (`audit verify`, P15):
// parsing and SHA-256 of each event are most of its CPU, and pages of the log are independent for
// them (the chain and checkpoint checks, which are not, stay on the caller's thread). Pages are
// handed over as bytes (transferred, not copied) and come back as compact chain links.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HashedChainLink } from '../integrity/event-hash';
import type { ChainHashingRequest, ChainHashingResponse } from './chain-hashing.worker';

const WORKER_FILE = path.join(__dirname, 'chain-hashing.worker.ts');

/**
 * Two cores are left to the reading thread and PostgreSQL (which renders the pages): on a machine
 * with fewer than four, workers only compete with them (measured on 2 cores: about a fifth more
 * CPU for handing pages over, no shorter wall time), so hashing stays on the reading thread.
 */
export function defaultHashWorkers(): number {
  const cores = availableParallelism();
  return cores >= 4 ? Math.min(4, cores - 2) : 0;
}

export class ChainHashingPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<
    number,
    { resolve: (links: HashedChainLink[]) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;

  get size(): number {
    return this.workers.length;
  }

  constructor(size: number = defaultHashWorkers()) {
    // The worker is TypeScript like the rest of the code: loaded through the same register hook.
    const execArgv = process.execArgv.includes('@swc-node/register')
      ? process.execArgv
      : [...process.execArgv, '--require', '@swc-node/register'];
    this.workers = Array.from({ length: Math.max(1, size) }, () => {
      const worker = new Worker(WORKER_FILE, { execArgv });
      worker.on('message', (response: ChainHashingResponse) => this.settle(response));
      worker.on('error', (error: Error) => this.failAll(error));
      return worker;
    });
  }

  /** The chain links of a page of stored events in binary COPY form (the buffer is given away). */
  hash(copyBinary: Buffer): Promise<HashedChainLink[]> {
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // A copy when the buffer is a slice of a larger one (Node's shared pool for small buffers,
      // which cannot be transferred); a buffer of its own moves without a copy.
      const bytes =
        copyBinary.byteOffset === 0 && copyBinary.byteLength === copyBinary.buffer.byteLength
          ? copyBinary
          : new Uint8Array(copyBinary);
      const request: ChainHashingRequest = { id, copyBinary: bytes };
      worker.postMessage(request, [bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.failAll(new Error('the chain hashing pool was closed'));
  }

  private settle(response: ChainHashingResponse): void {
    const waiting = this.pending.get(response.id);
    if (!waiting) return;
    this.pending.delete(response.id);
    if ('error' in response) waiting.reject(new Error(response.error));
    else waiting.resolve(response.links);
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
