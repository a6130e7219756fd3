#!/bin/sh
# Crash tests on SQLite and PostgreSQL: ROUNDS times per backend (default 50),
# start a plan import, a register import, `derive`, or `serve` while figures
# are entered and approved over HTTP, kill it with SIGKILL at a random moment,
# and check that nothing is torn or lost (see scripts/crash_test.py).
# Prints rounds, kills and checks passed per backend; exits non-zero on any
# failure. CRASH_SEED repeats a run's kill times; CRASH_BACKENDS picks
# backends (default "sqlite postgres"); TRUSTBOARD_BIN names an already built
# binary (otherwise it is built); PostgreSQL is reached through
# TRUSTBOARD_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/postgres).
set -eu
cd "$(dirname "$0")/.."
if [ -z "${TRUSTBOARD_BIN:-}" ]; then
    cargo build --locked -p trustboard
    TRUSTBOARD_BIN="${CARGO_TARGET_DIR:-target}/debug/trustboard"
fi
TRUSTBOARD_BIN="$TRUSTBOARD_BIN" exec python3 scripts/crash_test.py "${1:-50}"
