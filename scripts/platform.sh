#!/usr/bin/env bash
# Starts and stops the platform's apps (not the servers: infra/local/crm-infra does those).
#   scripts/platform.sh up|down|status
# Each app runs from TypeScript on the pinned Node 24, logs JSON to .data/logs/apps/<app>.log and
# is considered started when its readiness URL answers 200.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
eval "$(infra/local/crm-infra env)"

# Development-only secrets for the local platform: generated once per data folder, never in code.
secrets_file=.data/secrets.env
mkdir -p .data/logs/apps .data/run
if [ ! -f "$secrets_file" ]; then
  umask 077
  {
    echo "CRM_JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0)"
    echo "CRM_MASTER_KEY=$(head -c 32 /dev/urandom | base64 -w0)"
    echo "CRM_ADMIN_PASSWORD=$(head -c 12 /dev/urandom | base64 -w0 | tr -d '/+=')"
    echo "CRM_ADMIN_EMAIL=admin@demo.example"
    echo "CRM_ADMIN_TENANT=demo"
  } > "$secrets_file"
fi
# Service call tokens (docs/security.md): an Ed25519 key pair, added to older data folders too. Only
# the gateway is started with the private key; the services get the public key.
if ! grep -q '^CRM_SERVICE_TOKEN_PRIVATE_KEY=' "$secrets_file"; then
  node -e '
    const { generateKeyPairSync } = require("node:crypto");
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    console.log("CRM_SERVICE_TOKEN_PRIVATE_KEY=" + privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"));
    console.log("CRM_SERVICE_TOKEN_PUBLIC_KEY=" + publicKey.export({ format: "der", type: "spki" }).toString("base64"));
  ' >> "$secrets_file"
fi
# Audit checkpoints (docs/auditing.md): an Ed25519 key pair in files. The checkpointer (`npm run
# audit -- checkpoint`) signs with the private key; the gateway and auditors trust the public key.
if ! grep -q '^CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS=' "$secrets_file"; then
  mkdir -p .data/audit-keys
  node -e '
    const { generateKeyPairSync } = require("node:crypto");
    const { writeFileSync } = require("node:fs");
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    writeFileSync(".data/audit-keys/checkpoint-signing.pem", privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
    writeFileSync(".data/audit-keys/checkpoint-public.pem", publicKey.export({ format: "pem", type: "spki" }));
  '
  echo "CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS=$PWD/.data/audit-keys/checkpoint-public.pem" >> "$secrets_file"
  echo "CRM_AUDIT_CHECKPOINT_SIGNING_KEY_FILE=$PWD/.data/audit-keys/checkpoint-signing.pem" >> "$secrets_file"
fi
# Marketing's unsubscribe links are signed with this key (docs/marketing.md); added to older data folders too.
if ! grep -q '^CRM_MARKETING_UNSUBSCRIBE_KEY=' "$secrets_file"; then
  echo "CRM_MARKETING_UNSUBSCRIBE_KEY=$(head -c 32 /dev/urandom | base64 -w0)" >> "$secrets_file"
fi
# Satisfaction survey links (docs/service-desk.md): the service-desk signs and verifies them.
if ! grep -q '^CRM_SERVICE_DESK_SURVEY_SECRET=' "$secrets_file"; then
  echo "CRM_SERVICE_DESK_SURVEY_SECRET=$(head -c 32 /dev/urandom | base64 -w0)" >> "$secrets_file"
fi
set -a; source "$secrets_file"; set +a
export CRM_LOG_LEVEL="${CRM_LOG_LEVEL:-info}"
# The service desk takes mail in from Mailpit and sends replies over its SMTP (crm-infra's
# CRM_SMTP_URL and CRM_MAILPIT_URL, docs/service-desk.md); CRM_SERVICE_DESK_MAIL=off switches it off.
export CRM_SERVICE_DESK_MAIL="${CRM_SERVICE_DESK_MAIL:-on}"
export CRM_SERVICE_DESK_SURVEY_URL="${CRM_SERVICE_DESK_SURVEY_URL:-http://127.0.0.1:${CRM_GATEWAY_PORT:-4000}/survey}"
# Traces of the local platform go to an OTLP/JSON lines file (docs/operations/tracing.md); set
# CRM_TRACES_EXPORTER=none to switch them off.
export CRM_TRACES_EXPORTER="${CRM_TRACES_EXPORTER:-file}"
export CRM_TRACES_FILE="${CRM_TRACES_FILE:-$PWD/.data/traces/traces.otlp.jsonl}"
# Unsubscribe links in campaign mail lead to the gateway's public endpoint.
export CRM_PUBLIC_BASE_URL="${CRM_PUBLIC_BASE_URL:-http://127.0.0.1:${CRM_GATEWAY_PORT:-4000}}"
# The platform test clock (docs/development.md, ADR 0271): only with CRM_TEST_CLOCK=on, never in
# production, every app reads "now" as real time plus the offset an end-to-end test writes here.
if [ "${CRM_TEST_CLOCK:-off}" = on ] && [ "${1:-}" = up ]; then
  export CRM_TEST_CLOCK_FILE="$PWD/.data/run/test-clock.json"
  echo '{"offsetMs":0}' > "$CRM_TEST_CLOCK_FILE"
elif [ "${1:-}" = up ]; then
  unset CRM_TEST_CLOCK_FILE; rm -f .data/run/test-clock.json
fi

# app name | entry point | readiness URL. Order matters: the services own the event store's
# migrations (the relay and the projection workers only read it), and the gateway needs them all.
APPS=(
  "customers|services/customers/src/main.ts|http://127.0.0.1:${CRM_CUSTOMERS_HEALTH_PORT:-9451}/ready"
  "sales|services/sales/src/main.ts|http://127.0.0.1:${CRM_SALES_HEALTH_PORT:-9452}/ready"
  "service-desk|services/service-desk/src/main.ts|http://127.0.0.1:${CRM_SERVICE_DESK_HEALTH_PORT:-9453}/ready"
  "loyalty|services/loyalty/src/main.ts|http://127.0.0.1:${CRM_LOYALTY_HEALTH_PORT:-9454}/ready"
  "marketing|services/marketing/src/main.ts|http://127.0.0.1:${CRM_MARKETING_HEALTH_PORT:-9455}/ready"
  "relay|services/relay/src/main.ts|http://127.0.0.1:${CRM_RELAY_HEALTH_PORT:-9101}/ready"
  "projections|services/projections/src/main.ts|http://127.0.0.1:${CRM_PROJECTIONS_HEALTH_PORT:-9102}/ready"
  "gateway|gateway/src/main.ts|http://127.0.0.1:${CRM_GATEWAY_PORT:-4000}/ready"
)

# 200 from the readiness URL (node's fetch: no curl needed on a fresh machine).
is_ready() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"; }

running() { [ -f ".data/run/$1.pid" ] && kill -0 "$(cat ".data/run/$1.pid")" 2>/dev/null; }

up() {
  for entry in "${APPS[@]}"; do
    IFS='|' read -r name main ready <<<"$entry"
    if [ ! -f "$main" ]; then echo "  $name: not built yet ($main missing), skipped"; continue; fi
    if running "$name"; then echo "  $name: already running (pid $(cat ".data/run/$name.pid"))"; continue; fi
    local drop_signing_key=(); [ "$name" = gateway ] || drop_signing_key=(-u CRM_SERVICE_TOKEN_PRIVATE_KEY)
    SWC_NODE_PROJECT=tsconfig.json nohup env "${drop_signing_key[@]}" node -r @swc-node/register "$main" >>".data/logs/apps/$name.log" 2>&1 &
    echo $! > ".data/run/$name.pid"
    local deadline=$(( $(date +%s) + ${CRM_APP_TIMEOUT:-90} ))
    until is_ready "$ready"; do
      if ! running "$name"; then echo "  $name: exited during start-up; last lines of .data/logs/apps/$name.log:"; tail -20 ".data/logs/apps/$name.log"; return 1; fi
      if [ "$(date +%s)" -ge "$deadline" ]; then echo "  $name: not ready at $ready after ${CRM_APP_TIMEOUT:-90}s; see .data/logs/apps/$name.log"; return 1; fi
      sleep 0.5
    done
    echo "  $name: ready ($ready)"
  done
}

down() {
  for entry in "${APPS[@]}"; do
    IFS='|' read -r name _ _ <<<"$entry"
    if running "$name"; then
      local pid; pid=$(cat ".data/run/$name.pid")
      kill "$pid"; for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
      echo "  $name: stopped"
    fi
    rm -f ".data/run/$name.pid"
  done
}

status() {
  for entry in "${APPS[@]}"; do
    IFS='|' read -r name _ ready <<<"$entry"
    if running "$name"; then echo "  $name: running (pid $(cat ".data/run/$name.pid")) $ready"; else echo "  $name: stopped"; fi
  done
}

case "${1:-}" in
  # The gateway serves the web console's build on / (console/build.sh skips an up-to-date build)
  # and runs the GraphQL inputs generated from proto/ (git-ignored), written first.
  up) generate_grpc_types && bash console/build.sh && up ;;
  down) down; rm -f .data/run/test-clock.json ;;
  status) status ;;
  *) echo "usage: scripts/platform.sh up|down|status" >&2; exit 2 ;;
esac
