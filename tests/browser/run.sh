#!/usr/bin/env bash
# Browser tests: the real `trustboard serve` driven by headless Chromium, with
# axe-core checking WCAG 2.2 AA. Installs the Node packages it needs (npm ci);
# fails, never skips, when Chromium or npm is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

chromium="${TRUSTBOARD_CHROMIUM:-$(command -v chromium || true)}"
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  echo "error: Chromium is not installed; run 'apt-get install -y chromium' or set TRUSTBOARD_CHROMIUM" >&2
  exit 1
fi
if ! command -v npm >/dev/null; then
  echo "error: npm is not installed; the browser tests need Node 20 and npm" >&2
  exit 1
fi

(cd "$root" && cargo build --locked --bin trustboard)
target_dir="${CARGO_TARGET_DIR:-$root/target}"

export TRUSTBOARD_CHROMIUM="$chromium"
export TRUSTBOARD_BIN="$target_dir/debug/trustboard"
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
npm test
