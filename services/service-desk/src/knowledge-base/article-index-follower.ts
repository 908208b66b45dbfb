// Keeps the service's in-memory PublishedArticleIndex in step with its own log: a catch-up
// subscription from the start of the log (the index lives in memory, so it is rebuilt at every
// boot) over the article events. A reader that needs the articles published before some event
// waits until the subscription has passed that event's position.
import type { EventStore } from '@crm/event-sourcing';
import type { Subscription } from '@crm/event-sourcing';
import { PublishedArticleIndex } from '@crm/service-desk-read-models';

/** The index has not reached the position asked for yet: worth retrying, not the event's fault. */
export class ArticleIndexBehindError extends Error {
  constructor(position: number, checkpoint: number) {
    super(`the article index is at position ${checkpoint}, not yet at ${position}`);
    this.name = 'ArticleIndexBehindError';
  }
}

export class ArticleIndexFollower {
  readonly index = new PublishedArticleIndex();
  private subscription: Subscription | undefined;

  constructor(
    private readonly rawStore: EventStore,
    private readonly pollIntervalMs = 200,
  ) {}

  start(): void {
    this.subscription ??= this.rawStore.subscribeToAll(
      async (events) => {
        for (const event of events) this.index.apply(event);
      },
      {
        after: 0,
        filter: { eventTypes: ['service-desk.ArticlePublished', 'service-desk.ArticleRetired'] },
        // Filtered-out positions still move the checkpoint, so `caughtUpTo` sees progress.
        notifyCheckpointOnly: true,
        pollIntervalMs: this.pollIntervalMs,
      },
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Resolves once every article event up to `position` is in the index (bounded wait). */
  async caughtUpTo(position: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.subscription?.checkpoint() ?? 0) < position) {
      if (Date.now() > deadline)
        throw new ArticleIndexBehindError(position, this.subscription?.checkpoint() ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
