import { EnvReader } from '../config/env-reader';
import { readInboundTopicSettings } from './inbound-topic-settings';

const names = {
  switch: 'CRM_X_INBOUND',
  defaultTenant: 'CRM_X_INBOUND_DEFAULT_TENANT',
  topic: 'crm.x.inbound',
  groupId: 'x.intake',
};

test('on by default: topic and group under the namespace, the default tenant, the shared settings', () => {
  const read = new EnvReader({
    CRM_TOPIC_NAMESPACE: 'staging.',
    CRM_KAFKA_BROKERS: 'k1:9092,k2:9092',
    CRM_X_INBOUND_DEFAULT_TENANT: 'acme',
    CRM_TOPIC_PARTITIONS: '3',
  });
  expect(readInboundTopicSettings(read, names)).toMatchObject({
    brokers: ['k1:9092', 'k2:9092'],
    topic: 'staging.crm.x.inbound',
    groupId: 'staging.x.intake',
    defaultTenantId: 'acme',
    partitions: 3,
  });
  expect(read.problems).toEqual([]);
});

test('off: no settings; a bad default tenant is a problem naming its variable', () => {
  expect(readInboundTopicSettings(new EnvReader({ CRM_X_INBOUND: 'off' }), names)).toBeUndefined();
  const read = new EnvReader({ CRM_X_INBOUND_DEFAULT_TENANT: 'no spaces' });
  readInboundTopicSettings(read, names);
  expect(read.problems.join()).toContain('CRM_X_INBOUND_DEFAULT_TENANT');
});
