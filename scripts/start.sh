#!/usr/bin/env bash
# The README's run command (`npm start`): installs what is missing, starts the servers and every
# app, loads demo data and prints where to go.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

phase "dependencies"; ensure_dependencies
phase "infrastructure"; infra/local/crm-infra up
phase "generate gRPC types"; generate_grpc_types
phase "apps"; scripts/platform.sh up
if [ -f scripts/seed-demo.ts ]; then
  phase "demo data"; (set -a; source .data/secrets.env; set +a; SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register scripts/seed-demo.ts)
fi
phase done

source .data/secrets.env
cat <<MSG

The CRM platform is running.
  Web console (sign in below): http://127.0.0.1:${CRM_GATEWAY_PORT:-4000}/
  GraphQL API (POST, and graphql-ws for subscriptions): http://127.0.0.1:${CRM_GATEWAY_PORT:-4000}/graphql
  Example queries: README.md ("Try it") and docs/graphql.md
  Log in as ${CRM_ADMIN_EMAIL:-admin@demo.example} (tenant ${CRM_ADMIN_TENANT:-demo}), password: ${CRM_ADMIN_PASSWORD}
  Kafka: ${CRM_KAFKA_BROKERS:-127.0.0.1:59092}   topics crm.<context>.events
  Mail sent by the platform (Mailpit web UI): ${CRM_MAILPIT_URL:-http://127.0.0.1:58025}
  App logs: .data/logs/apps/   Server logs: .data/logs/
Stop: scripts/platform.sh down && infra/local/crm-infra down
MSG
