#!/usr/bin/env bash
# Builds the web console into console/dist (served by the gateway on `/`), unless the build is
# already newer than every source: npm start and the e2e runs call this, and an unchanged console
# costs nothing. `--force` always rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
stamp=console/dist/index.html
if [ "${1:-}" != --force ] && [ -f "$stamp" ] &&
  [ -z "$(find console/src console/index.html console/vite.config.mts console/codegen.ts gateway/schema.graphql \
    -newer "$stamp" -not -path 'console/src/graphql/generated/*' -print -quit)" ]; then
  echo "console: up to date ($stamp)"
  exit 0
fi
echo "console: generating GraphQL types and building ..."
graphql-codegen --config console/codegen.ts
vite build --config console/vite.config.mts --logLevel warn
echo "console: built into console/dist"
