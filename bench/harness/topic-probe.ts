// Records when each event reaches the consumer side of a topic (by the eventId header), for the
// append→on-topic lag. A fresh consumer group reads the (fresh) topics from their beginning, so no
// message is missed while the group joins; one probe serves all runs of a scenario (a group join
// costs seconds).
import { headerValue } from '@crm/messaging';
import type { Consumer, Kafka } from 'kafkajs';

export class TopicProbe {
  readonly receivedAt = new Map<string, number>();
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: readonly string[],
    private readonly groupId: string,
  ) {}

  /** Resolves once the consumer has joined its group (so the measured window sees every message). */
  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
    );
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        const now = performance.now();
        for (const message of batch.messages) {
          const id = headerValue(message.headers, 'eventId');
          if (id !== undefined && !this.receivedAt.has(id)) this.receivedAt.set(id, now);
        }
      },
    });
    // A consumer that never joins would hang the scenario: fail it with a reason instead.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`consumer group ${this.groupId} did not join within 60 s`)),
        60_000,
      );
    });
    try {
      await Promise.race([joined, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits until every id has been received (or the timeout passes); returns the missing count. */
  async waitFor(ids: Iterable<string>, timeoutMs: number): Promise<number> {
    const wanted = [...ids];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const missing = wanted.filter((id) => !this.receivedAt.has(id)).length;
      if (missing === 0 || Date.now() > deadline) return missing;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
