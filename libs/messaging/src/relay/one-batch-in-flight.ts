// The relay's pipeline of depth one: at most one batch on its way to Kafka while the next is read
// and encoded (ADR 0365). `idle()` waits for the batch in flight and rethrows its failure, so the
// next batch never overtakes it; `failed` rejects as soon as any launched batch fails, for a caller
// that has no next batch to notice it with.
export class OneBatchInFlight {
  private inFlight: Promise<void> = Promise.resolve();
  private fail: (error: unknown) => void = () => undefined;
  /** Rejects with the first failure of a launched batch; never resolves. */
  readonly failed: Promise<never>;

  constructor() {
    this.failed = new Promise<never>((_, reject) => {
      this.fail = reject;
    });
    // Observed by whoever races on it; without a racer a failure still surfaces through idle().
    this.failed.catch(() => undefined);
  }

  /** Starts tracking `batch`; call only after `idle()` resolved, so batches never overlap. */
  launch(batch: Promise<void>): void {
    this.inFlight = batch;
    batch.catch((error: unknown) => this.fail(error));
  }

  /** Resolves when the batch in flight (if any) is done; rejects with its error if it failed. */
  idle(): Promise<void> {
    return this.inFlight;
  }
}
