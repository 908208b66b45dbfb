// A clock (and id source) a test moves by hand: pass it where code takes injected runtime
// dependencies (`now()`, `newId()`), e.g. timer schedulers and workers, then `set` it to travel.
import { randomUUID } from 'node:crypto';

export class ManualClock {
  constructor(private current: Date) {}

  now = (): Date => new Date(this.current);

  newId = (): string => randomUUID();

  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
}
