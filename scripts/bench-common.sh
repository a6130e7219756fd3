# Shared by the import benchmarks (sourced, not run): builds the release
# binary, makes a scratch directory removed on exit, and gives each run a
# fresh database on SQLite or PostgreSQL and the growth of time against rows.
#
# Sets `bin` (the release binary), `work` (the scratch directory) and
# `server` (BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432).

cd "$(dirname "$0")/.."
cargo build --release --quiet -p trustboard
bin=${CARGO_TARGET_DIR:-target}/release/trustboard
server=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}

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

# Whether PostgreSQL answers at `server`.
postgres_answers() {
    psql -q "$server/postgres" -c 'SELECT 1' >/dev/null 2>&1
}

# Sets `database` to the URL of a fresh, empty trustboard database on
# backend $1 (sqlite or postgres) for a run of $2 rows.
fresh_database() {
    case $1 in
    sqlite) database="sqlite://$work/bench-$2.db" ;;
    postgres)
        scratch=trustboard_bench_$$_$2
        psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS $scratch" >/dev/null 2>&1
        psql -q "$server/postgres" -c "CREATE DATABASE $scratch" >/dev/null
        database="$server/$scratch"
        ;;
    esac
    "$bin" --database "$database" init --empty >/dev/null
}

drop_database() {
    case $1 in
    sqlite) rm -f "$work/bench-$2.db" "$work/bench-$2.db-wal" "$work/bench-$2.db-shm" ;;
    postgres)
        psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS $scratch" >/dev/null
        scratch=
        ;;
    esac
}

# Prints how the time grew against the rows since the previous size (`-` for
# the first): near 1 is linear. Arguments: rows, ms, previous rows, previous ms.
growth() {
    if [ -n "$3" ]; then
        awk -v r="$1" -v t="$2" -v pr="$3" -v pt="$4" \
            'BEGIN { printf "%.2f", (t / (pt > 0 ? pt : 1)) / (r / pr) }'
    else
        echo -
    fi
}

# The load average over the last minute, when the system tells it (`-` if
# not): on a shared machine the seconds mean little without it.
load_average() {
    if [ -r /proc/loadavg ]; then
        cut -d ' ' -f 1 /proc/loadavg
    else
        echo -
    fi
}

# Runs the import command given as arguments under /usr/bin/time and sets
# `ms` (wall time) and `peak_kib` (peak resident memory).
timed() {
    start=$(now)
    /usr/bin/time -f '%M' -o "$work/peak" "$@"
    end=$(now)
    peak_kib=$(tail -n 1 "$work/peak")
    ms=$(((end - start) / 1000000))
}
