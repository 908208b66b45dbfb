#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the console's browser tests (nothing downloads a
# browser: Playwright drives the distribution's package). Prints the browser's path on success;
# exits 3 with the reason on stderr when it cannot be installed, so the caller can count the
# browser tests as skipped (never as passed).
set -euo pipefail
BROWSER="${CRM_CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$BROWSER" ]; then echo "$BROWSER"; exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "chromium is missing and installing it needs root: run 'sudo apt-get install -y chromium'" >&2
  exit 3
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and apt-get is not available: install Chromium and set CRM_CHROMIUM_PATH" >&2
  exit 3
fi
echo "installing Debian's chromium (apt-get, once) ..." >&2
log="${TMPDIR:-/tmp}/crm-chromium-apt.log"
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  --no-install-recommends chromium fonts-noto-cjk; } >"$log" 2>&1; then
  echo "apt-get install chromium failed; see $log" >&2
  exit 3
fi
[ -x "$BROWSER" ] || { echo "chromium installed but $BROWSER is missing" >&2; exit 3; }
echo "$BROWSER"
