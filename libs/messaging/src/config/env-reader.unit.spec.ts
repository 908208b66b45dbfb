import { ConfigError, EnvReader } from './env-reader';

describe('EnvReader', () => {
  it('uses defaults when variables are unset or blank', () => {
    const read = new EnvReader({ B: '  ' });
    expect(read.integer('A', 6, 1)).toBe(6);
    expect(read.boolean('B', false)).toBe(false);
    expect(read.brokers('C', '127.0.0.1:59092')).toEqual(['127.0.0.1:59092']);
    expect(() => read.done('app')).not.toThrow();
  });

  it('reports every bad variable by name in one error', () => {
    const read = new EnvReader({
      CRM_TOPIC_PARTITIONS: 'six',
      CRM_X: 'maybe',
      CRM_KAFKA_BROKERS: 'localhost',
      CRM_POSTGRES_URL: 'mysql://x',
      CRM_MODE: 'loud',
    });
    read.integer('CRM_TOPIC_PARTITIONS', 6, 1, 1000);
    read.boolean('CRM_X', false);
    read.brokers('CRM_KAFKA_BROKERS', '');
    read.url('CRM_POSTGRES_URL', '', ['postgres']);
    read.oneOf('CRM_MODE', 'quiet', ['quiet', 'normal']);
    read.required('CRM_SECRET', 'no default for secrets');
    let error: unknown;
    try {
      read.done('relay');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of [
      'CRM_TOPIC_PARTITIONS',
      'CRM_X',
      'CRM_KAFKA_BROKERS',
      'CRM_POSTGRES_URL',
      'CRM_MODE',
      'CRM_SECRET',
    ])
      expect(message).toContain(name);
    expect(message).toMatch(/^Invalid relay configuration:/);
  });

  it('refuses integers out of range', () => {
    const read = new EnvReader({ N: '0' });
    read.integer('N', 5, 1, 10);
    expect(read.problems).toEqual(['N="0" must be an integer between 1 and 10']);
  });
});
