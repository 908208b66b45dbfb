# Shared shell helpers for the two top-level commands (npm start, npm test).
# Sourced, not executed.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$REPO_ROOT/node_modules/.bin:$PATH"
export NX_DAEMON=false NX_NO_CLOUD=true

phase_started=0
phase() { # phase NAME — prints how long the previous phase took and starts a new one
  local now; now=$(date +%s)
  if [ "$phase_started" != 0 ]; then echo "==> ${phase_name} took $((now - phase_started))s"; fi
  phase_name="$1"; phase_started=$now
  [ "$1" = done ] || echo "==> $1"
}

# Installs npm dependencies when package-lock.json changed since the last install. The system npm
# only installs; everything afterwards runs on the pinned Node 24 from node_modules/.bin.
ensure_dependencies() {
  cd "$REPO_ROOT"
  if ! command -v npm >/dev/null; then
    echo "npm is missing: installing Debian's nodejs and npm to bootstrap (the project then runs on its pinned Node 24)"
    apt-get update -qq && apt-get install -y -qq nodejs npm
  fi
  local stamp="node_modules/.package-lock.sha256" want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -x node_modules/.bin/node ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    # `npm install`, not `npm ci`: npm records only this platform's optional binaries (swc, the
    # resolver) in the lockfile, and `npm ci` then refuses the lockfile (npm/cli#4828). With exact
    # pins in package.json and the lockfile for everything below, `install` is just as repeatable.
    npm install --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
  node "$REPO_ROOT/scripts/require-node-24.cjs"
}

# Writes the TypeScript types of proto/*.proto and the gateway's GraphQL command inputs made from
# them (git-ignored) that the apps and typecheck use.
generate_grpc_types() {
  SWC_NODE_PROJECT="$REPO_ROOT/tsconfig.json" node -r @swc-node/register \
    "$REPO_ROOT/libs/contracts/src/grpc/generate-grpc-types.ts" &&
    SWC_NODE_PROJECT="$REPO_ROOT/tsconfig.json" node -r @swc-node/register \
      "$REPO_ROOT/gateway/src/customers/inputs/generate-customer-inputs.ts"
}
