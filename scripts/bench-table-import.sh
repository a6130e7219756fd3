#!/bin/sh
# Times `trustboard import --format table` of a generated council performance
# table (CSV) of N rows, for each size given (default 10000 100000 1000000),
# with a release build, each into a fresh SQLite database and, when
# PostgreSQL answers, a fresh PostgreSQL database made for the run and dropped
# after it. Each row is one indicator with a code, a title, an out-turn, a
# target, a second out-turn and an England comparator (four values a row).
#
# Prints, per backend and size: seconds, peak memory (MiB), microseconds a
# row, from the second size on how the time grew against how the rows grew
# (a ratio near 1 means linear time), and the load average when the import
# ended, since a busy machine slows every figure.
#
#   scripts/bench-table-import.sh                 # 10,000, 100,000 and 1,000,000 rows
#   scripts/bench-table-import.sh 10000 100000    # any sizes, in increasing order
#   BENCH_BACKENDS=sqlite scripts/bench-table-import.sh
#
# BENCH_POSTGRES is the server to make the scratch databases on
# (default postgres://postgres@127.0.0.1:5432).
set -eu
. "$(dirname "$0")/bench-common.sh"
backends=${BENCH_BACKENDS:-sqlite postgres}

# A council's table as saved from a spreadsheet: the council and plan above
# the heading row, then one indicator a row.
generate() {
    awk -v rows="$1" 'BEGIN {
        print "Example Borough Council,,,,,"
        print "Children and Young People'\''s Plan 2009-13,,,,,"
        print "Code,Indicator,2009/10 actual,2010/11 target,2010/11 actual,England"
        for (i = 1; i <= rows; i++) {
            printf "L%d,\"Local indicator %d: children seen within 7 days\",%d%%,%d%%,%d of 40,%d.%d%%\n",
                i, i, 50 + i % 40, 55 + i % 40, 20 + i % 20, 60 + i % 30, i % 10
        }
    }' >"$2"
}

sizes=${*:-10000 100000 1000000}
for rows in $sizes; do
    generate "$rows" "$work/table-$rows.csv"
done

for backend in $backends; do
    if [ "$backend" = postgres ] && ! postgres_answers; then
        echo "postgres: no server at $server; skipped"
        continue
    fi
    printf '%-9s %10s %10s %10s %12s %14s %6s\n' backend rows seconds peak_MiB us_per_row growth_vs_rows load
    previous_rows=
    previous_ms=
    for rows in $sizes; do
        fresh_database "$backend" "$rows"
        timed "$bin" --database "$database" import --json \
            --format table --plan "CYPP bench" "$work/table-$rows.csv" >"$work/out.json"
        # A figure is only worth printing for an import that stored every row.
        if ! grep -q "\"added\": $rows," "$work/out.json"; then
            echo "$backend: the import of $rows rows did not add $rows indicators" >&2
            exit 1
        fi
        load=$(load_average)
        drop_database "$backend" "$rows"
        awk -v b="$backend" -v r="$rows" -v t="$ms" -v m="$peak_kib" -v l="$load" \
            -v g="$(growth "$rows" "$ms" "$previous_rows" "$previous_ms")" \
            'BEGIN { printf "%-9s %10d %10.2f %10.1f %12.1f %14s %6s\n", b, r, t / 1000, m / 1024, 1000 * t / r, g, l }'
        previous_rows=$rows
        previous_ms=$ms
    done
done
