// Creates the `crm.<context>.events` topics with the configured partitions and retention, because
// the broker does not auto-create topics (and auto-created ones would get broker defaults).
// Idempotent: existing topics keep their configuration. Partitions are only ever increased, and
// only when allowed: more partitions re-map keys, so for a while one stream's events sit in two
// partitions and a consumer can meet a later event before an earlier one (see ADR 0031).
import type { Admin, Kafka } from 'kafkajs';
import { errorMessage } from '../backoff';
import type { Logger } from '../logger';

export interface TopicSettings {
  readonly partitions: number;
  readonly retentionMs: number;
  /** 1 on the single local broker; 3 in production clusters. */
  readonly replicationFactor: number;
  /** Grow topics that have fewer partitions than configured (off by default: re-maps keys). */
  readonly allowPartitionIncrease: boolean;
}

export type TopicOutcome = 'created' | 'exists' | 'partitions-increased' | 'fewer-partitions-kept';

export interface TopicReport {
  readonly topic: string;
  readonly outcome: TopicOutcome;
  readonly partitions: number;
}

export class TopicProvisioner {
  private readonly known = new Set<string>();

  constructor(
    private readonly kafka: Kafka,
    private readonly settings: TopicSettings,
    private readonly logger: Logger,
  ) {
    if (!Number.isInteger(settings.partitions) || settings.partitions < 1)
      throw new RangeError('partitions must be an integer >= 1');
    if (!Number.isInteger(settings.retentionMs) || settings.retentionMs < -1)
      throw new RangeError('retentionMs must be an integer >= -1');
  }

  /** Topics already ensured by this provisioner (so hot paths can skip the admin round trip). */
  isKnown(topic: string): boolean {
    return this.known.has(topic);
  }

  /** Makes sure every topic exists; returns what it did to each. Safe to call concurrently with other processes. */
  async ensure(topics: Iterable<string>): Promise<TopicReport[]> {
    const wanted = [...new Set(topics)].sort();
    if (wanted.length === 0) return [];
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((topic) => !existing.has(topic));
      const reports: TopicReport[] = [];
      if (missing.length > 0) {
        // Another relay may create the same topic at the same moment: createTopics then reports
        // TOPIC_ALREADY_EXISTS, which is the outcome we wanted anyway.
        try {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic) => ({
              topic,
              numPartitions: this.settings.partitions,
              replicationFactor: this.settings.replicationFactor,
              configEntries: [
                { name: 'retention.ms', value: String(this.settings.retentionMs) },
                { name: 'cleanup.policy', value: 'delete' },
              ],
            })),
          });
        } catch (error) {
          if (!/already exists/i.test(errorMessage(error))) throw error;
        }
        for (const topic of missing)
          reports.push({ topic, outcome: 'created', partitions: this.settings.partitions });
      }
      const present = wanted.filter((topic) => existing.has(topic));
      reports.push(...(await this.checkPartitions(admin, present)));
      for (const report of reports) {
        this.known.add(report.topic);
        if (report.outcome !== 'exists')
          this.logger.info({ ...report }, `topic ${report.topic}: ${report.outcome}`);
      }
      return reports.sort((a, b) => a.topic.localeCompare(b.topic));
    } finally {
      await admin.disconnect();
    }
  }

  private async checkPartitions(admin: Admin, topics: readonly string[]): Promise<TopicReport[]> {
    if (topics.length === 0) return [];
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
    const reports: TopicReport[] = [];
    const grow: string[] = [];
    for (const { name, partitions } of metadata) {
      if (partitions.length >= this.settings.partitions) {
        reports.push({ topic: name, outcome: 'exists', partitions: partitions.length });
      } else if (this.settings.allowPartitionIncrease) {
        grow.push(name);
        reports.push({
          topic: name,
          outcome: 'partitions-increased',
          partitions: this.settings.partitions,
        });
      } else {
        this.logger.warn(
          { topic: name, partitions: partitions.length, configured: this.settings.partitions },
          `topic ${name} has fewer partitions than configured; kept (set CRM_TOPIC_ALLOW_PARTITION_INCREASE=true to grow it)`,
        );
        reports.push({
          topic: name,
          outcome: 'fewer-partitions-kept',
          partitions: partitions.length,
        });
      }
    }
    if (grow.length > 0) {
      await admin.createPartitions({
        topicPartitions: grow.map((topic) => ({ topic, count: this.settings.partitions })),
      });
    }
    return reports;
  }
}
