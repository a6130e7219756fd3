#!/bin/sh
# Times `trustboard report` for the whole built-in sample plan (Kingston CYPP
# 2009-13, reporting period 2010/11) in each format, with a release build, on a
# fresh SQLite database. Each run is the whole process: start-up, loading the
# plan, judging it for two periods, building and rendering the pack, writing
# the file. After one warm-up run per format, BENCH_RUNS runs (default 11) are
# timed; prints the median, with min and max to show the spread.
set -eu
cd "$(dirname "$0")/.."

runs=${BENCH_RUNS:-11}
cargo build --release --quiet -p trustboard
bin=${CARGO_TARGET_DIR:-target}/release/trustboard

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
database="sqlite://$work/bench.db"
export TRUSTBOARD_LOG=warn
"$bin" --database "$database" init >/dev/null

report() {
    "$bin" --database "$database" report --period 2010/11 --today 2011-06-01 \
        --format "$1" --out "$work/pack.$1" 2>/dev/null
}

# Nanoseconds from a monotonic-enough wall clock (GNU date).
now() { date +%s%N; }

printf '%-5s %10s %10s %10s %6s %10s\n' format median_ms min_ms max_ms runs size_KiB
for format in html pdf xlsx; do
    report "$format"
    : >"$work/times"
    i=0
    while [ "$i" -lt "$runs" ]; do
        start=$(now)
        report "$format"
        end=$(now)
        echo $(((end - start) / 1000)) >>"$work/times"
        i=$((i + 1))
    done
    size=$(wc -c <"$work/pack.$format")
    sort -n "$work/times" | awk -v f="$format" -v size="$size" '
        { t[NR] = $1 / 1000 }
        END {
            median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
            printf "%-5s %10.1f %10.1f %10.1f %6d %10.1f\n", f, median, t[1], t[NR], NR, size / 1024
        }'
done
