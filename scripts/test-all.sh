#!/usr/bin/env bash
# The README's test command (`npm test`): installs what is missing, starts the real servers
# (PostgreSQL, Kafka, MongoDB-wire) and runs every check and test tier. Ends with one line
# "N passed, N failed, N skipped" that counts the tests of every tier (skipped never as passed).
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
status=0

phase "dependencies"; ensure_dependencies
phase "infrastructure"; infra/local/crm-infra up
eval "$(infra/local/crm-infra env)"
rm -rf tmp/test-results && mkdir -p tmp/test-results

# The gRPC message types are generated from proto/ (git-ignored), so typecheck sees the current .proto.
phase "generate gRPC types"; generate_grpc_types || status=1
phase "typecheck"; tsc -p tsconfig.json || status=1
# The web console is a browser app (DOM, JSX) with its own tsconfig and GraphQL codegen.
phase "typecheck (console)"; nx run console:typecheck --outputStyle=stream || status=1
phase "format"; prettier --check --log-level=warn . || status=1
phase "lint"; nx run-many -t lint --skip-nx-cache --outputStyle=stream || status=1
phase "proto compatibility"; scripts/proto-check.sh || status=1
phase "unit tests"; timeout -k 30 900 nx run-many -t test-unit --outputStyle=stream || status=1
# Integration and end-to-end tiers share the servers; one project at a time keeps 2 cores honest.
phase "integration tests"; timeout -k 30 2400 nx run-many -t test-int --parallel=1 --outputStyle=stream || status=1
# End-to-end specs drive the running platform, started exactly as `npm start` starts it.
phase "start platform"
# With the test clock on: the time-dependent specs move the platform's "now" (ADR 0271).
if CRM_TEST_CLOCK=on scripts/platform.sh up; then
  set -a; source .data/secrets.env; set +a
  phase "end-to-end tests"; timeout -k 30 900 nx run-many -t test-e2e --parallel=1 --outputStyle=stream || status=1
  # Specs that move the platform clock run last: what they make happen is dated in the future and
  # stays in the shared tenant (a liability "as of today" would no longer equal the live one).
  phase "end-to-end tests that move the clock"; timeout -k 30 600 nx run gateway:test-e2e-clock --outputStyle=stream || status=1
else
  echo "The platform did not start: the end-to-end tier cannot run (see .data/logs/apps/)."; status=1
fi
phase "stop platform"; scripts/platform.sh down
phase done

node scripts/summarize-test-results.cjs tmp/test-results || status=1
exit $status
