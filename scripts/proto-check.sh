#!/usr/bin/env bash
# The gRPC contracts' compatibility gate (run by `npm test` in its lint phase):
#   scripts/proto-check.sh [PROTO_DIR]   compiles PROTO_DIR (default proto/) and fails when it breaks
#                                        the published contract proto/published/contract.binpb
#   scripts/proto-check.sh --publish     records the current proto/ as the published contract
# `buf` comes from the @bufbuild/buf devDependency (the npm package ships the binary).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUF="${CRM_BUF:-$REPO_ROOT/node_modules/.bin/buf}"
BASELINE="$REPO_ROOT/proto/published/contract.binpb"
if [ ! -x "$BUF" ]; then
  echo "proto-check: $BUF is missing; run npm install (devDependency @bufbuild/buf)" >&2
  exit 2
fi

if [ "${1:-}" = "--publish" ]; then
  "$BUF" build "$REPO_ROOT/proto" --exclude-source-info -o "$BASELINE"
  echo "proto-check: published contract recorded in ${BASELINE#"$REPO_ROOT"/}"
  exit 0
fi

proto_dir="${1:-$REPO_ROOT/proto}"
"$BUF" build "$proto_dir" -o /dev/null
if ! "$BUF" breaking "$proto_dir" --against "$BASELINE" --error-format=text; then
  echo "proto-check: the change above breaks the published gRPC contract. Add fields, values or RPCs" >&2
  echo "instead (proto/README.md, Stability rules), or publish a new package version next to it." >&2
  exit 1
fi
echo "proto-check: proto/ is compatible with the published contract"
