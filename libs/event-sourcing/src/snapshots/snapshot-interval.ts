// When to snapshot: every time an append carries the stream across a multiple of N events.
// Crossing (rather than "version % N === 0") also catches batches that jump over the multiple.

export function crossesSnapshotInterval(
  previousVersion: number,
  newVersion: number,
  everyNEvents: number,
): boolean {
  return Math.floor(newVersion / everyNEvents) > Math.floor(previousVersion / everyNEvents);
}

export function assertSnapshotInterval(everyNEvents: number): void {
  if (!Number.isInteger(everyNEvents) || everyNEvents < 1) {
    throw new RangeError(`everyNEvents must be a positive integer, got ${everyNEvents}`);
  }
}
