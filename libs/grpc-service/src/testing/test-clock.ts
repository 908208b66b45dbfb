/** A clock the test sets; starts at `current`. Pass `now` where a service takes a clock. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  set(iso: string): void {
    this.current = new Date(iso);
  }
}
