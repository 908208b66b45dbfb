// One implementation of "append these planned commands" per contender (ours, raw pg, Emmett), so a
// scenario runs the same plan through each of them.
import type { PlannedCommand } from '../harness/workload';

export interface AppendSide {
  readonly name: string;
  /** Fresh database and schema; `connections` = pool size (one per concurrent writer). */
  open(connections: number): Promise<void>;
  /** Appends the command's events to its stream, expecting the stream at `expectedVersion`. */
  append(command: PlannedCommand): Promise<void>;
  close(): Promise<void>;
}
