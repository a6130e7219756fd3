#!/usr/bin/env bash
# Runs every test: the Rust suites against SQLite and PostgreSQL, then the
# browser tests in headless Chromium. Brings up what they need first, so it
# passes on a fresh Debian machine (run as root, or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return; fi
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "PostgreSQL is not accepting connections on 127.0.0.1:5432; the suite needs it" >&2
    exit 1
  fi
}

ensure_tools() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  command -v npm >/dev/null || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

ensure_postgres
ensure_tools

export TRUSTBOARD_TEST_POSTGRES="${TRUSTBOARD_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}"
export TRUSTBOARD_CHROMIUM="${TRUSTBOARD_CHROMIUM:-$(command -v chromium)}"

cargo test --workspace --all-targets --locked
cargo build --locked --bin trustboard
tests/browser/run.sh
