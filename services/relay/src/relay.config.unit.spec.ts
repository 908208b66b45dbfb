import { ConfigError } from '@crm/messaging';
import { loadRelayConfig } from './relay.config';

describe('relay configuration', () => {
  it('has working local defaults', () => {
    expect(loadRelayConfig({})).toMatchObject({
      postgresUrl: 'postgres://crm:crm@127.0.0.1:55432/crm',
      kafkaBrokers: ['127.0.0.1:59092'],
      relayName: 'default',
      topicPartitions: 6,
      topicRetentionMs: 7 * 24 * 3600 * 1000,
      allowPartitionIncrease: false,
      contractGate: 'warn',
      healthHost: '127.0.0.1',
    });
  });

  it('reads partitions, retention and the health port from the environment', () => {
    expect(
      loadRelayConfig({
        CRM_TOPIC_PARTITIONS: '12',
        CRM_TOPIC_RETENTION_MS: '3600000',
        CRM_RELAY_HEALTH_PORT: '0',
      }),
    ).toMatchObject({
      topicPartitions: 12,
      topicRetentionMs: 3_600_000,
      healthPort: 0,
    });
  });

  it('fails at boot naming each bad variable', () => {
    const load = (): unknown =>
      loadRelayConfig({
        CRM_TOPIC_PARTITIONS: '0',
        CRM_RELAY_CONTRACTS: 'strict',
        CRM_KAFKA_BROKERS: 'kafka',
        CRM_RELAY_NAME: 'Relay One',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /CRM_TOPIC_PARTITIONS[\s\S]*CRM_RELAY_NAME[\s\S]*CRM_KAFKA_BROKERS|CRM_TOPIC_PARTITIONS/,
    );
    try {
      load();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of [
        'CRM_TOPIC_PARTITIONS',
        'CRM_RELAY_CONTRACTS',
        'CRM_KAFKA_BROKERS',
        'CRM_RELAY_NAME',
      ])
        expect(message).toContain(name);
    }
  });
});
