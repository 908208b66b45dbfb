// Connection defaults for the local servers started by `infra/local/crm-infra`.
//
// infra/local/env.sh is the source of truth; these constants repeat its values so that a test run
// without `eval "$(infra/local/crm-infra env)"` still finds the servers. The unit test
// `test-infrastructure.unit.spec.ts` sources env.sh and fails if the two ever disagree.

export const LOCAL_INFRA_DEFAULTS = {
  host: '127.0.0.1',
  postgresPort: 55432,
  kafkaPort: 59092,
  mongoPort: 57017,
  smtpPort: 51025,
  mailpitHttpPort: 58025,
  postgresUrl: 'postgres://crm:crm@127.0.0.1:55432/crm',
  kafkaBrokers: '127.0.0.1:59092',
  mongoUrl: 'mongodb://127.0.0.1:57017/crm',
  smtpUrl: 'smtp://127.0.0.1:51025',
  mailpitUrl: 'http://127.0.0.1:58025',
  testInfraMode: 'local',
} as const;

/** The command that starts the local servers, named in every "server missing" error. */
export const LOCAL_INFRA_START_COMMAND = 'infra/local/crm-infra up';

/** Environment variables that override the defaults (printed by `infra/local/crm-infra env`). */
export const INFRA_ENV = {
  postgresUrl: 'CRM_POSTGRES_URL',
  kafkaBrokers: 'CRM_KAFKA_BROKERS',
  mongoUrl: 'CRM_MONGO_URL',
  smtpUrl: 'CRM_SMTP_URL',
  mailpitUrl: 'CRM_MAILPIT_URL',
  mode: 'CRM_TEST_INFRA',
} as const;
