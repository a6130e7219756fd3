#!/bin/bash
# Load on the early-help register and the plan overview, for each backend:
# a fresh database with the sample plan and a generated register of
# BENCH_CHILDREN (default 1,000,000) children, an early-help coordinator's
# account (role register_coordinator: searches the register and opens any
# child's record) and a board member's, the release `trustboard serve` as a
# process of its own, then BENCH_CLIENTS (100) clients for BENCH_SECONDS (10)
# on register search, a child's page and the overview, and the first
# overview after each of BENCH_WRITES (10) approved figures. Prints, per page,
# requests/s, p50, p99, errors, the server's peak resident memory and the
# load average (crates/web/examples/bench_load.rs does the asking).
# BENCH_PAGES (default search,child,overview) names the pages put under load.
#
#   scripts/bench-load.sh
#   BENCH_CHILDREN=100000 BENCH_BACKENDS=sqlite scripts/bench-load.sh
#   BENCH_PAGES=overview scripts/bench-load.sh
#
# PostgreSQL is reached at BENCH_POSTGRES (default
# postgres://postgres@127.0.0.1:5432). The server is stopped if its memory
# passes BENCH_MAX_RSS_MIB (default 8192), so a runaway page cannot take the
# machine down.
set -eu
. "$(dirname "$0")/bench-common.sh"
cargo build --release --quiet -p trustboard-web --example bench_load
client=${CARGO_TARGET_DIR:-target}/release/examples/bench_load

backends=${BENCH_BACKENDS:-sqlite postgres}
children=${BENCH_CHILDREN:-1000000}
port=${BENCH_PORT:-18471}
max_rss_mib=${BENCH_MAX_RSS_MIB:-8192}
server_pid=
watchdog_pid=

stop_server() {
    if [ -n "$watchdog_pid" ]; then
        kill "$watchdog_pid" 2>/dev/null || true
        wait "$watchdog_pid" 2>/dev/null || true
        watchdog_pid=
    fi
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}
trap 'stop_server; cleanup' EXIT INT TERM

# Adds account $1 with role $2 and prints the password it was given.
account() {
    "$bin" --database "$database" user add "$1" --role "$2" |
        sed -n 's/^password: //p'
}

# Stops the server when its resident memory passes the limit.
watch_memory() {
    while kill -0 "$server_pid" 2>/dev/null; do
        rss_kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || echo 0)
        if [ "${rss_kib:-0}" -gt $((max_rss_mib * 1024)) ]; then
            echo "server passed ${max_rss_mib} MiB resident; stopped" >&2
            kill "$server_pid"
            return
        fi
        sleep 1
    done
}

for backend in $backends; do
    if [ "$backend" = postgres ] && ! postgres_answers; then
        echo "PostgreSQL does not answer at $server; skipping it" >&2
        continue
    fi
    echo "== $backend, $children children, load $(cut -d' ' -f1-3 /proc/loadavg)"
    fresh_database "$backend" "$children"
    "$bin" --database "$database" import crates/cli/sample/kingston-cypp-2009-13.json >/dev/null
    start=$(now)
    "$bin" --database "$database" synth --children "$children" --seed 2011 >/dev/null
    echo "synth: $((($(now) - start) / 1000000000)) s"
    coordinator=$(account coordinator register_coordinator)
    board=$(account board board_member)

    "$bin" --database "$database" serve --bind "127.0.0.1:$port" &
    server_pid=$!
    watch_memory &
    watchdog_pid=$!
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            break
        fi
        sleep 0.1
    done

    BENCH_ADDRESS="127.0.0.1:$port" BENCH_DATABASE="$database" \
        BENCH_SERVER_PID="$server_pid" BENCH_CHILDREN="$children" \
        BENCH_COORDINATOR_PASSWORD="$coordinator" BENCH_BOARD_PASSWORD="$board" \
        "$client" || echo "the $backend run stopped early" >&2
    stop_server
    drop_database "$backend" "$children"
done
