#!/bin/sh
# Times `trustboard synth --children N` with a release build, into a fresh
# database, first alone and then with `--out DIR` (the register extract as
# well), for each size given (default 100000 1000000). Prints, per run, the
# wall seconds, children per second, events (register steps) made, user and
# system CPU seconds, peak resident memory, the size of what was written and
# the load average when the run started (the machine may be shared).
#
#   scripts/bench-synth.sh                  # 100,000 and 1,000,000 children, SQLite
#   scripts/bench-synth.sh 20000            # any sizes
#   BENCH_BACKENDS="sqlite postgres" scripts/bench-synth.sh 100000
#
# PostgreSQL is reached at BENCH_POSTGRES (default
# postgres://postgres@127.0.0.1:5432), as for the other benchmarks.
set -eu
. "$(dirname "$0")/bench-common.sh"

backends=${BENCH_BACKENDS:-sqlite}
sizes=${*:-100000 1000000}
seed=2011

# Runs the command given as arguments under /usr/bin/time, keeping what it
# prints in `$work/said`; sets `ms` (wall), `user_s`, `sys_s` and `peak_kib`.
timed_cpu() {
    start=$(now)
    /usr/bin/time -f '%U %S %M' -o "$work/cpu" "$@" >"$work/said"
    end=$(now)
    read -r user_s sys_s peak_kib <<TIMES
$(tail -n 1 "$work/cpu")
TIMES
    ms=$(((end - start) / 1000000))
}

# The size in MiB of what a run wrote: the SQLite files or the PostgreSQL
# database, and the extract directory if there is one.
written_mib() {
    case $1 in
    sqlite) db_kib=$(du -sk "$work"/bench-"$2".db* | awk '{ s += $1 } END { print s }') ;;
    postgres)
        db_kib=$(psql -qtA "$server/$scratch" -c "SELECT pg_database_size(current_database()) / 1024")
        ;;
    esac
    out_kib=0
    if [ -d "$work/extract" ]; then
        out_kib=$(du -sk "$work/extract" | awk '{ print $1 }')
    fi
    echo $(((db_kib + out_kib) / 1024))
}

printf '%-8s %9s %4s %8s %11s %10s %7s %7s %9s %10s  %s\n' \
    backend children out seconds children/s events user_s sys_s peak_MiB written_MiB load_at_start
for backend in $backends; do
    if [ "$backend" = postgres ] && ! postgres_answers; then
        echo "PostgreSQL does not answer at $server; skipping it" >&2
        continue
    fi
    for children in $sizes; do
        for out in no yes; do
            fresh_database "$backend" "$children"
            rm -rf "$work/extract"
            set -- --database "$database" synth --org "Bench Borough" \
                --children "$children" --seed "$seed"
            if [ "$out" = yes ]; then
                set -- "$@" --out "$work/extract"
            fi
            load=$(cut -d' ' -f1-3 /proc/loadavg)
            timed_cpu "$bin" "$@"
            events=$(sed -n 's/.*with \([0-9]*\) steps.*/\1/p' "$work/said")
            written=$(written_mib "$backend" "$children")
            drop_database "$backend" "$children"
            awk -v b="$backend" -v c="$children" -v o="$out" -v t="$ms" -v e="$events" \
                -v u="$user_s" -v s="$sys_s" -v m="$peak_kib" -v w="$written" -v l="$load" \
                'BEGIN { printf "%-8s %9d %4s %8.2f %11.0f %10d %7.1f %7.1f %9.1f %10d  %s\n",
                         b, c, o, t / 1000, c / (t / 1000), e, u, s, m / 1024, w, l }'
        done
    done
done
