# shellcheck shell=bash
# Defaults for the local infrastructure: the ONE place where ports, credentials, versions and
# connection strings are fixed. Sourced by infra/local/crm-infra; `crm-infra env` prints the
# connection variables as export lines. libs/testing/src/infra/test-infrastructure.ts repeats the
# same defaults in TypeScript, and a unit test there checks that both agree with this file.
#
# Every value can be overridden from the environment (`: "${VAR:=default}"` only fills unset vars),
# e.g. `CRM_PG_PORT=55433 infra/local/crm-infra up postgres`.

# Servers bind to loopback only: nothing we start here may be reachable from another machine.
CRM_BIND_HOST=127.0.0.1

# --- ports --------------------------------------------------------------------------------------
# High, unusual ports so a developer's own PostgreSQL/Kafka/MongoDB on the standard ports keeps working.
: "${CRM_PG_PORT:=55432}"
: "${CRM_KAFKA_PORT:=59092}"
: "${CRM_KAFKA_CONTROLLER_PORT:=59093}"
: "${CRM_MONGO_PORT:=57017}"
: "${CRM_SMTP_PORT:=51025}"          # Mailpit's SMTP (mail out of the platform)
: "${CRM_MAILPIT_HTTP_PORT:=58025}"  # Mailpit's web UI and HTTP API (what tests read)

# --- PostgreSQL ---------------------------------------------------------------------------------
: "${CRM_PG_USER:=crm}"
: "${CRM_PG_PASSWORD:=crm}"
: "${CRM_PG_DATABASE:=crm}"
# Extra databases created next to the main one (space separated).
: "${CRM_PG_EXTRA_DATABASES:=crm_test}"

# Archived WAL (point-in-time restore) older than this many days is deleted on `up`, so a busy
# development cluster does not fill the disk. Keep at least as long as your oldest backup.
: "${CRM_PG_WAL_ARCHIVE_KEEP_DAYS:=7}"
# …and the archive never grows beyond this many MiB: a day of test runs writes tens of GiB of WAL.
# The oldest segments go first; keep it larger than the WAL written since your oldest backup.
: "${CRM_PG_WAL_ARCHIVE_MAX_MB:=4096}"

# --- versions (bump here; the Maven poms receive them as -D properties) ---------------------------
: "${CRM_KAFKA_VERSION:=3.9.2}"
: "${CRM_MONGO_JAVA_SERVER_VERSION:=1.47.0}"
# Heap of the MongoDB-wire server (mongo-java-server keeps hot documents on the JVM heap): a
# development machine shared by several sessions may need more than CI does.
: "${CRM_MONGO_HEAP:=512m}"
# Mailpit, built from its Go module with `go install` (no download site needed).
: "${CRM_MAILPIT_VERSION:=v1.33.1}"
# The Go fetched from the module proxy when the machine has none recent enough to build Mailpit.
: "${CRM_GO_TOOLCHAIN:=go1.26.8}"

# --- how long `up` waits for a server before giving up (seconds) ----------------------------------
: "${CRM_INFRA_TIMEOUT:=90}"

# --- connection variables read by every app and test ----------------------------------------------
: "${CRM_POSTGRES_URL:=postgres://${CRM_PG_USER}:${CRM_PG_PASSWORD}@${CRM_BIND_HOST}:${CRM_PG_PORT}/${CRM_PG_DATABASE}}"
: "${CRM_KAFKA_BROKERS:=${CRM_BIND_HOST}:${CRM_KAFKA_PORT}}"
: "${CRM_MONGO_URL:=mongodb://${CRM_BIND_HOST}:${CRM_MONGO_PORT}/crm}"
# Outgoing mail: any SMTP relay in production; Mailpit here. The API is Mailpit's only (tests, inbound polling).
: "${CRM_SMTP_URL:=smtp://${CRM_BIND_HOST}:${CRM_SMTP_PORT}}"
: "${CRM_MAILPIT_URL:=http://${CRM_BIND_HOST}:${CRM_MAILPIT_HTTP_PORT}}"
# Test-infrastructure mode read by libs/testing: `local` = the servers started by crm-infra.
: "${CRM_TEST_INFRA:=local}"

# The variables `crm-infra env` prints.
# shellcheck disable=SC2034  # used by crm-infra, which sources this file
CRM_ENV_EXPORTS=(CRM_POSTGRES_URL CRM_KAFKA_BROKERS CRM_MONGO_URL CRM_SMTP_URL CRM_MAILPIT_URL CRM_TEST_INFRA)
