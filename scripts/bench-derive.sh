#!/bin/sh
# Every register figure, four ways, on the same generated register:
#
# 1. trustboard's full derive: `trustboard derive --figures FILE --recount`,
#    every figure counted afresh from each child's stored contribution
#    (best of BENCH_RUNS runs; the time it reports for counting, the whole
#    command's wall time and its peak memory);
# 2. the same figures as SQL (scripts/bench-derive.sql) in DuckDB over
#    Parquet files exported from the register;
# 3. the same SQL in SQLite (the register's own database file) and
# 4. in PostgreSQL (a scratch database), over the same exported tables;
#
# then checks every figure of 2-4 equals trustboard's, and times
# trustboard's incremental update: one new step, then 1,000 in one
# transaction, each written with the figures kept current, checking the
# kept figures still equal a recount.
#
# Settings: BENCH_CHILDREN (default 20000), BENCH_SEED (2011), BENCH_RUNS (3),
# BENCH_POSTGRES (postgres://postgres@127.0.0.1:5432; skipped if it does not
# answer), BENCH_VENV (a Python virtual environment with duckdb and psycopg,
# made at ~/.cache/trustboard-bench-venv if missing).
set -eu
cd "$(dirname "$0")/.."

children=${BENCH_CHILDREN:-20000}
seed=${BENCH_SEED:-2011}
runs=${BENCH_RUNS:-3}
server=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
venv=${BENCH_VENV:-$HOME/.cache/trustboard-bench-venv}

cargo build --release --quiet -p trustboard --bin trustboard
cargo build --release --quiet -p trustboard-store --example bench_register_steps
target=${CARGO_TARGET_DIR:-target}/release
bin=$target/trustboard
steps_bin=$target/examples/bench_register_steps

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'duckdb>=1.1' 'psycopg[binary]>=3.1'
fi

work=$(mktemp -d)
scratch=
cleanup() {
    if [ -n "$scratch" ]; then
        psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS $scratch" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
export TRUSTBOARD_LOG=warn

now() { date +%s%N; }

database="sqlite://$work/register.db"
org="Bench Borough"
"$bin" --database "$database" init --empty >/dev/null
start=$(now)
"$bin" --database "$database" synth --org "$org" --children "$children" --seed "$seed"
echo "generated in $((($(now) - start) / 1000000)) ms"

# Sets `counted_ms` (what derive reports for counting), `wall_ms` and `peak_kib`.
derive_once() {
    start=$(now)
    /usr/bin/time -f '%M' -o "$work/peak" \
        "$bin" --database "$database" derive --org "$org" --figures "$1" $2 >"$work/derive.out"
    wall_ms=$((($(now) - start) / 1000000))
    peak_kib=$(tail -n 1 "$work/peak")
    counted_ms=$(sed -n 's/.* in \([0-9.]*\) ms.*/\1/p' "$work/derive.out")
}

derive_once "$work/trustboard.csv" --recount
best_counted= best_wall= best_peak=
i=0
while [ "$i" -lt "$runs" ]; do
    derive_once "$work/trustboard.csv" --recount
    if [ -z "$best_counted" ] || awk -v a="$counted_ms" -v b="$best_counted" 'BEGIN { exit !(a < b) }'; then
        best_counted=$counted_ms best_wall=$wall_ms best_peak=$peak_kib
    fi
    i=$((i + 1))
done
derive_once "$work/kept.csv" ""
kept_ms=$counted_ms
echo
echo "trustboard full derive (recount of $(($(wc -l <"$work/trustboard.csv") - 1)) figures):" \
    "counting ${best_counted} ms, whole command ${best_wall} ms, peak ${best_peak} KiB"
echo "trustboard figures read from the kept tallies: ${kept_ms} ms"
if cmp -s "$work/trustboard.csv" "$work/kept.csv"; then
    echo "kept tallies and recount: identical"
else
    echo "kept tallies and recount DIFFER"
    exit 1
fi
echo

postgres=
if psql -q "$server/postgres" -c 'SELECT 1' >/dev/null 2>&1; then
    scratch=trustboard_bench_derive_$$
    psql -q "$server/postgres" -c "CREATE DATABASE $scratch" >/dev/null
    postgres="--postgres $server/$scratch"
else
    echo "PostgreSQL does not answer at $server: skipped"
fi
# shellcheck disable=SC2086 # $postgres is two words or none
"$venv/bin/python" scripts/bench_derive.py --sqlite "$work/register.db" $postgres \
    --trustboard-csv "$work/trustboard.csv" --trustboard-ms "$best_counted" \
    --bin "$bin" --database "$database" --org "$org" --work "$work" --runs "$runs"

echo
# Children to record new steps for: the last added.
python3 - "$work/register.db" >"$work/references" <<'EOF'
import sqlite3, sys
for (reference,) in sqlite3.connect(sys.argv[1]).execute(
        "SELECT reference FROM register_children ORDER BY id DESC LIMIT 5000"):
    print(reference)
EOF
"$steps_bin" "$database" "$org" "$work/references"
uptime
