// The states a command handler decided on most recently, per tenant and stream, so a busy stream's
// next command can skip the read (ADR 0350). A cached state is only a guess: the append still
// expects its version, so a stream another process wrote to since is caught by the store, and the
// handler re-reads. Bounded: the least recently used stream is forgotten first.
import type { LoadedState } from './aggregate-loader';

export class RecentStates<State> {
  private readonly states = new Map<string, LoadedState<State>>();

  constructor(private readonly maxStreams: number) {
    if (!Number.isInteger(maxStreams) || maxStreams < 1)
      throw new RangeError(`maxStreams must be a positive integer, got ${maxStreams}`);
  }

  get(tenantId: string, streamId: string): LoadedState<State> | undefined {
    const key = keyOf(tenantId, streamId);
    const loaded = this.states.get(key);
    if (loaded === undefined) return undefined;
    // Re-inserted so that Map order stays least recently used first.
    this.states.delete(key);
    this.states.set(key, loaded);
    return loaded;
  }

  set(tenantId: string, streamId: string, loaded: LoadedState<State>): void {
    const key = keyOf(tenantId, streamId);
    this.states.delete(key);
    this.states.set(key, loaded);
    if (this.states.size > this.maxStreams) {
      const oldest = this.states.keys().next().value as string;
      this.states.delete(oldest);
    }
  }

  forget(tenantId: string, streamId: string): void {
    this.states.delete(keyOf(tenantId, streamId));
  }

  get size(): number {
    return this.states.size;
  }
}

function keyOf(tenantId: string, streamId: string): string {
  return `${tenantId}\u0000${streamId}`;
}
