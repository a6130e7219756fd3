#!/bin/sh
# Times `trustboard import` of a generated indicator table of N rows, for each
# size given (default 10000 100000), with a release build, each into a fresh
# SQLite database. Each row is one indicator with an out-turn and a target for
# two years (four values). Prints the time and peak memory for each size and,
# from the second size on, how the time grew against how the rows grew: a
# ratio near 1 means linear time.
#
#   scripts/bench-import.sh            # 10,000 and 100,000 rows
#   scripts/bench-import.sh 4000 8000  # any sizes, in increasing order
set -eu
. "$(dirname "$0")/bench-common.sh"

# An indicator table as a council's report saved as text: tab-separated cells.
generate() {
    awk -v rows="$1" 'BEGIN {
        print "Example Borough Council"
        print "Children and Young People'\''s Plan 2009-13"
        print "Objectives\tPerformance Indicator\t2009/10 out-turn\t2010/11 target\t2010/11 out-turn\t2011/12 target"
        for (i = 1; i <= rows; i++) {
            objective = (i == 1) ? "1.1 Keep children safe" : ""
            printf "%s\tLocal indicator %d of children seen within 7 days\t%d%%\t%d%%\t%d of 40\t%d per 10,000\n",
                objective, i, 50 + i % 40, 55 + i % 40, 20 + i % 20, 30 + i % 50
        }
    }' >"$2"
}

printf '%10s %10s %12s %12s %14s\n' rows seconds peak_MiB us_per_row growth_vs_rows
previous_rows=
previous_ms=
sizes=${*:-10000 100000}
for rows in $sizes; do
    table="$work/table-$rows.txt"
    generate "$rows" "$table"
    fresh_database sqlite "$rows"
    timed "$bin" --database "$database" import --json \
        --format document --org "Example Borough Council" --plan "CYPP bench" "$table" >/dev/null
    drop_database sqlite "$rows"
    awk -v r="$rows" -v t="$ms" -v m="$peak_kib" -v g="$(growth "$rows" "$ms" "$previous_rows" "$previous_ms")" \
        'BEGIN { printf "%10d %10.2f %12.1f %12.1f %14s\n", r, t / 1000, m / 1024, 1000 * t / r, g }'
    previous_rows=$rows
    previous_ms=$ms
done
